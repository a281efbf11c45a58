// Starts the tslab kernel (1.0.22, frozen upstream) with one fix applied in
// memory: directory imports. tslab's TypeScript side resolves `./src/plot` to
// `./src/plot/index.ts`, but its runtime require only looks for
// `./src/plot.js`, so `import { show } from "./src/plot"` compiles and then
// fails with "Cannot find module". We patch that one line of its executor when
// Node loads it; if tslab ever changes, we stop with a clear message instead
// of running unpatched.
"use strict";
const Module = require("node:module");
const fs = require("node:fs");
const path = require("node:path");

const tslabDir = path.join(__dirname, "..", "node_modules", "tslab");
const executor = path.join(tslabDir, "dist", "executor.js");
const NEEDLE = 'filename += ".js";';
const FIX =
  'filename = sideOutputs.has(filename + ".js") || !sideOutputs.has(path_1.default.join(filename, "index.js"))' +
  ' ? filename + ".js" : path_1.default.join(filename, "index.js");';

const loadJs = Module._extensions[".js"];
Module._extensions[".js"] = function (module, filename) {
  if (filename !== executor) return loadJs(module, filename);
  const source = fs.readFileSync(filename, "utf8");
  if (!source.includes(NEEDLE)) {
    throw new Error(`core-systems-lab: cannot apply the directory-import fix to ${filename}; is tslab still 1.0.22?`);
  }
  module._compile(source.replace(NEEDLE, FIX), filename);
};

require(path.join(tslabDir, "dist", "main.js")).main();
