// The `--name value` options of the benchmark's helper tools (profile.mjs,
// trace.mjs).

/** The value after `--name` in `args`, or `fallback` when it is not given. */
export function option(args, name, fallback) {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
}
