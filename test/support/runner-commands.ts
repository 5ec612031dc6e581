/*
 * The workflow commands the GitHub Actions runner would act on in a step's output, modelled on
 * its ActionCommandManager: output is split into lines at `\r\n`, `\n` or a lone `\r`
 * (StreamReader.ReadLine); a line is a command when, after leading white space (.NET's
 * Char.IsWhiteSpace, which includes U+0085 and U+00A0), it starts with `::`, or when it
 * contains `##[` (the old syntax). After `::stop-commands::<token>` nothing is a command until
 * the line `::<token>::`. Returns each command line without its `::` (or `##[`) prefix.
 */
// eslint-disable-next-line no-control-regex -- .NET counts these control characters as white space
const DOTNET_WHITESPACE = /^[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0009-\u000d\u001c-\u001f]*/;

export function runnerCommands(output: string): string[] {
  const commands: string[] = [];
  let stopToken: string | undefined;
  for (const raw of output.split(/\r\n|\r|\n/)) {
    const line = raw.replace(DOTNET_WHITESPACE, '');
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) {
        commands.push(`${stopToken}::`);
        stopToken = undefined;
      }
      continue;
    }
    if (line.startsWith('::')) {
      const command = line.slice(2);
      commands.push(command);
      const stop = /^stop-commands::(.+)$/.exec(command);
      if (stop) stopToken = stop[1];
      continue;
    }
    const v1 = raw.indexOf('##[');
    if (v1 >= 0) commands.push(`##[${raw.slice(v1 + 3)}`);
  }
  return commands;
}
