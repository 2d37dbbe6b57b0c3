#!/usr/bin/env node
// `synq`: runs the TypeScript sources through ts-node (transpile only; `npm run typecheck`
// checks the types), as the repo's other commands do.
"use strict";
const path = require("node:path");
process.env.TS_NODE_PROJECT ??= path.join(__dirname, "..", "tsconfig.json");
require("ts-node").register({ transpileOnly: true });
require("../src/main.ts");
