/**
 * Progress of long work on stderr, so stdout keeps only the result (one JSON object with --json).
 * On a terminal a bar redrawn in place; otherwise (CI logs, pipes) a line at each tenth, so a log
 * shows the job moving without a line per item.
 */
export interface Progress {
  update(done: number, total: number): void;
  /** Ends the bar's line (a terminal's bar is left showing its last state). */
  done(): void;
}

const WIDTH = 24;

export function progress(label: string, unit: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  let lastTenth = -1;
  let drawn = false;
  return {
    update(done, total) {
      if (total <= 0) return;
      const fraction = Math.min(1, done / total);
      if (tty) {
        const filled = Math.round(fraction * WIDTH);
        stream.write(`\r[${label}] [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${done}/${total} ${unit}`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`[${label}] ${done}/${total} ${unit} (${Math.floor(fraction * 100)}%)\n`);
      }
    },
    done() {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}
