/**
 * Worker-thread entry of the parent watch (see `parent-watch.ts`): polls once a second, off the main thread,
 * and ends the whole process when the parent is gone. Its timer is not unref'd, as it is all this thread does;
 * the main thread unrefs the worker instead.
 */
import { pollParent } from "./parent-watch";

pollParent();
