// The batches the task benchmarks time, shared so every tool measures the same thing: n trivial async calls
// as tasks + gather (the function form and Python's literal promise form), or raw + Promise.all.
"use strict";

async function trivial(i) {
  return i;
}

/** The batch functions over `asyncio` (the library as built in lib/). */
function taskBatches(asyncio) {
  return {
    rawBatch(n) {
      const ps = new Array(n);
      for (let i = 0; i < n; i++) ps[i] = trivial(i);
      return Promise.all(ps);
    },
    oursBatch(n) {
      const tasks = new Array(n);
      for (let i = 0; i < n; i++) tasks[i] = asyncio.createTask(() => trivial(i));
      return asyncio.gather(...tasks);
    },
    // Python's literal `create_task(trivial(i))`: the coroutine is already running when the task wraps it.
    oursPromiseBatch(n) {
      const tasks = new Array(n);
      for (let i = 0; i < n; i++) tasks[i] = asyncio.createTask(trivial(i));
      return asyncio.gather(...tasks);
    },
  };
}

module.exports = { taskBatches };
