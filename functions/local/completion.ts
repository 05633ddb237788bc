/** `twinplane completion bash|zsh`: completion scripts generated from the commands' own option lists. */
import { COMMANDS, optionNames } from './help';

const ZONE_SUBCOMMANDS = ['export', 'import', 'diff'];

function table(): [string, string[]][] {
  return Object.keys(COMMANDS).map((name) => [name, optionNames(name)]);
}

export function bashCompletion(): string {
  const cases = table()
    .map(([name, options]) => `    ${name}) opts="${options.join(' ')}" ;;`)
    .join('\n');
  return `# twinplane bash completion: eval "$(twinplane completion bash)"
_twinplane() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmd="\${COMP_WORDS[1]}" opts=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${Object.keys(COMMANDS).join(' ')} --help --version" -- "$cur"))
    return
  fi
  case "$cmd" in
${cases}
  esac
  if [ "$cmd" = zone ] && [ "$COMP_CWORD" -eq 2 ]; then opts="${ZONE_SUBCOMMANDS.join(' ')} --help"; fi
  case "$cur" in
    -*) COMPREPLY=($(compgen -W "$opts" -- "$cur")) ;;
    *) if [ "$cmd" = zone ] && [ "$COMP_CWORD" -eq 2 ]; then COMPREPLY=($(compgen -W "$opts" -- "$cur"));
       else COMPREPLY=($(compgen -f -- "$cur")); fi ;;
  esac
}
complete -F _twinplane twinplane
`;
}

export function zshCompletion(): string {
  const quote = (s: string) => s.replaceAll("'", "'\\''").replaceAll(':', '\\:');
  const commands = Object.entries(COMMANDS)
    .map(([name, c]) => `    '${name}:${quote(c.summary)}'`)
    .join('\n');
  const cases = table()
    .map(
      ([name, options]) =>
        `    ${name}) _arguments '*:file:_files' ${options.map((o) => `'${o}'`).join(' ')} ;;`,
    )
    .join('\n');
  return `#compdef twinplane
# twinplane zsh completion: eval "$(twinplane completion zsh)"
_twinplane() {
  local -a commands
  commands=(
${commands}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case "$words[2]" in
${cases}
  esac
}
if [ "$funcstack[1]" = "_twinplane" ]; then _twinplane "$@"; else compdef _twinplane twinplane; fi
`;
}
