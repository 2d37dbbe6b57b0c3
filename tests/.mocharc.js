// Mocha settings for the integration tests (used by `npm test` and Anchor.toml's test script).
"use strict";

module.exports = {
  require: [require.resolve("./support/hooks.ts")],
  timeout: 120000,
  exit: true,
};
