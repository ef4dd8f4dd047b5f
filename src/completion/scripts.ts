// Shell completion scripts for running the plugin binary directly. `kubectl karmada-mcs <TAB>`
// needs none of them: kubectl's own completion calls bin/kubectl_complete-karmada_mcs (kubectl >= 1.26).
// All three ask the binary itself (`__complete`, the same protocol), so candidates never drift.

const BIN = 'kubectl-karmada_mcs';

const HEADER = `# ${BIN} completion. \`kubectl karmada-mcs\` completes through kubectl's own completion
# (kubectl >= 1.26 runs kubectl_complete-karmada_mcs); this script is for calling ${BIN} directly.`;

const SCRIPTS: Record<string, string> = {
  bash: `${HEADER}
# Load it with: source <(${BIN} completion bash)
_kubectl_karmada_mcs() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" line
  local -a candidates=()
  while IFS= read -r line; do
    [[ $line == :* ]] && continue
    candidates+=("\${line%%$'\\t'*}")
  done < <(${BIN} __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  COMPREPLY=($(compgen -W "\${candidates[*]}" -- "$cur"))
}
complete -F _kubectl_karmada_mcs ${BIN}
`,
  zsh: `#compdef ${BIN}
${HEADER}
# Load it with: source <(${BIN} completion zsh)
_kubectl_karmada_mcs() {
  local -a lines candidates
  lines=("\${(@f)$(${BIN} __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  local line
  for line in $lines; do
    [[ $line == :* ]] && continue
    candidates+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
  done
  _describe '${BIN}' candidates
}
compdef _kubectl_karmada_mcs ${BIN}
`,
  fish: `${HEADER}
# Load it with: ${BIN} completion fish | source
function __kubectl_karmada_mcs_complete
    set -l words (commandline -opc)[2..-1] (commandline -ct)
    ${BIN} __complete $words 2>/dev/null | string match -v -r '^:'
end
complete -c ${BIN} -f -a '(__kubectl_karmada_mcs_complete)'
`,
};

export const SHELLS = Object.keys(SCRIPTS);

export function completionScript(shell: string): string | undefined {
  return SCRIPTS[shell];
}
