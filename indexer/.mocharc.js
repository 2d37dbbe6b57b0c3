// Mocha settings for the indexer tests: one localnet (tests/support's root hooks) per run.
"use strict";

module.exports = {
  require: [require.resolve("../tests/support/hooks.ts")],
  timeout: 180000,
  exit: true,
};
