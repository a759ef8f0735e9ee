/**
 * Template tag for shell script text kept in TypeScript modules. The text is
 * taken raw (backslashes stay as written, as the shell must see them) and,
 * because a template literal would interpolate `${...}`, scripts write
 * parameter expansions as `$\{...}`; this tag turns them back into `${...}`.
 */
export function shellScript(strings: TemplateStringsArray): string {
  if (strings.length !== 1) throw new Error('Shell scripts take no ${} substitutions; write parameter expansions as $\\{...}.');
  return String.raw(strings).replaceAll('$\\{', '${');
}
