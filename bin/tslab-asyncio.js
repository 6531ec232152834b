#!/usr/bin/env node
"use strict";
const code = require("../lib/kernel/cli.js").main(process.argv.slice(2));
if (process.argv[2] !== "kernel") process.exitCode = code;
