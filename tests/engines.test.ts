/**
 * `npm install` on every Node the project declares prints no engine warning: each locked
 * package's `engines.node` admits the lowest version of each range the root package.json
 * accepts. A dependency bump that needs a newer Node (as @solana/kit 7+ does through
 * commander@15, Node >= 22.12) fails here instead of warning every newcomer.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";

const ROOT = join(__dirname, "..");

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

describe("declared Node versions", () => {
  const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { engines: { node: string } };
  const lowest = root.engines.node.split("||").map((range) => semver.minVersion(range.trim())!.version);

  it("the root's range starts at Node 20.18 and 22", () => {
    assert.deepEqual(lowest, ["20.18.0", "22.0.0"]);
  });

  it("every locked package runs on the lowest of each declared Node range", () => {
    const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockedPackage> };
    const refused: string[] = [];
    for (const [path, pkg] of Object.entries(lock.packages)) {
      const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
      if (range === undefined) continue;
      for (const node of lowest) {
        if (!semver.satisfies(node, range)) refused.push(`${path || "(root)"}@${pkg.version ?? ""} wants node ${range}, not ${node}`);
      }
    }
    assert.deepEqual(refused, []);
  });
});
