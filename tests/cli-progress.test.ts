/** The `synq` command's progress display: a bar on a terminal, a line per tenth elsewhere. */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";

import { progress } from "../cli/src/progress";

function capture(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  stream.isTTY = isTTY;
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

describe("synq progress", () => {
  it("logs a line at each tenth when stderr is not a terminal, not one per item", () => {
    const out = capture(false);
    const bar = progress("settle", "nodes", out.stream);
    for (let done = 1; done <= 250; done++) bar.update(done, 250);
    bar.done();
    const lines = out.text().trimEnd().split("\n");
    assert.equal(lines.length, 11, out.text());
    assert.equal(lines[0], "[settle] 1/250 nodes (0%)");
    assert.equal(lines[10], "[settle] 250/250 nodes (100%)");
  });

  it("redraws one bar in place on a terminal and ends its line once", () => {
    const out = capture(true);
    const bar = progress("settle", "nodes", out.stream);
    bar.update(1, 4);
    bar.update(4, 4);
    bar.done();
    assert.equal(out.text(), `\r[settle] [${"#".repeat(6)}${"-".repeat(18)}] 1/4 nodes\r[settle] [${"#".repeat(24)}] 4/4 nodes\n`);
  });

  it("draws nothing for empty work", () => {
    const out = capture(true);
    const bar = progress("settle", "nodes", out.stream);
    bar.update(0, 0);
    bar.done();
    assert.equal(out.text(), "");
  });
});
