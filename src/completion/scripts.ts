// Shell completion scripts for running the plugin binary directly. `kubectl karmada-mcs <TAB>`
// needs none of them: kubectl's own completion calls bin/kubectl_complete-karmada_mcs (kubectl >= 1.26).
// All three ask the binary itself (`__complete`, the same protocol), so candidates never drift.

const BIN = 'kubectl-karmada_mcs';

const HEADER = `# ${BIN} completion. \`kubectl karmada-mcs\` completes through kubectl's own completion
# (kubectl >= 1.26 runs kubectl_complete-karmada_mcs); this script is for calling ${BIN} directly.`;

// Each honours the directive as cobra's own scripts do: with nothing offered and no ShellCompDirectiveNoFileComp
// (4) in it, the shell completes file names itself (--kubeconfig, playground --write-kubeconfig).
const SCRIPTS: Record<string, string> = {
  bash: `${HEADER}
# Load it with: source <(${BIN} completion bash)
_kubectl_karmada_mcs() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" line directive=4
  local -a candidates=()
  while IFS= read -r line; do
    if [[ $line == :* ]]; then
      directive=\${line#:}
      continue
    fi
    candidates+=("\${line%%$'\\t'*}")
  done < <(${BIN} __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  COMPREPLY=($(compgen -W "\${candidates[*]}" -- "$cur"))
  if (( \${#COMPREPLY[@]} == 0 && (directive & 4) == 0 )); then
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}
complete -F _kubectl_karmada_mcs ${BIN}
`,
  zsh: `#compdef ${BIN}
${HEADER}
# Load it with: source <(${BIN} completion zsh)
_kubectl_karmada_mcs() {
  local -a lines candidates
  lines=("\${(@f)$(${BIN} __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  local line directive=4
  for line in $lines; do
    if [[ $line == :* ]]; then
      directive=\${line#:}
      continue
    fi
    candidates+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
  done
  if (( \${#candidates} == 0 && (directive & 4) == 0 )); then
    _files
    return
  fi
  _describe '${BIN}' candidates
}
compdef _kubectl_karmada_mcs ${BIN}
`,
  fish: `${HEADER}
# Load it with: ${BIN} completion fish | source
# Keeps the candidates for -a below, and is false when fish should complete file names instead.
function __kubectl_karmada_mcs_complete
    set -l words (commandline -opc)[2..-1] (commandline -ct)
    set -l lines (${BIN} __complete $words 2>/dev/null)
    set -l directive 4
    if test (count $lines) -gt 0; and string match -q -- ':*' $lines[-1]
        set directive (string sub --start 2 -- $lines[-1])
        set -e lines[-1]
    end
    set -g __kubectl_karmada_mcs_candidates $lines
    test (count $lines) -gt 0; or test (math (math --scale 0 $directive / 4) % 2) -eq 1
end
complete -c ${BIN} -f -n __kubectl_karmada_mcs_complete -a '$__kubectl_karmada_mcs_candidates'
`,
};

export const SHELLS = Object.keys(SCRIPTS);

export function completionScript(shell: string): string | undefined {
  return SCRIPTS[shell];
}
