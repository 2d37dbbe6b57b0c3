/**
 * Mocha root-hook plugin (registered by tests/.mocharc.js): one test network for the whole run,
 * started before the first test and stopped after the last, so a run leaves no process behind.
 */
import type { Context, RootHookObject } from "mocha";

import { startNetwork, stopNetwork } from "./network";

export const mochaHooks = {
  async beforeAll(this: Context) {
    this.timeout(120_000);
    await startNetwork();
  },
  async afterAll() {
    await stopNetwork();
  },
} satisfies RootHookObject;
