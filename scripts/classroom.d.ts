/** The checked options of `npm run classroom`. */
export interface ClassroomOptions {
  users: string[];
  port: number;
  password: string;
  dir: string;
}
/** Parses the command line; throws an Error saying what is wrong and what to pass instead. */
export function parseOptions(
  argv: string[],
  env?: Record<string, string | undefined>,
): ClassroomOptions | { help: true };
/** The jupyterhub_config.py text for these settings. */
export function hubConfig(settings: Record<string, unknown>): string;
