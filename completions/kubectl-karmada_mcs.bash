# kubectl-karmada_mcs completion. `kubectl karmada-mcs` completes through kubectl's own completion
# (kubectl >= 1.26 runs kubectl_complete-karmada_mcs); this script is for calling kubectl-karmada_mcs directly.
# Load it with: source <(kubectl-karmada_mcs completion bash)
_kubectl_karmada_mcs() {
  local cur="${COMP_WORDS[COMP_CWORD]}" line directive=4
  local -a candidates=()
  while IFS= read -r line; do
    if [[ $line == :* ]]; then
      directive=${line#:}
      continue
    fi
    candidates+=("${line%%$'\t'*}")
  done < <(kubectl-karmada_mcs __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  COMPREPLY=($(compgen -W "${candidates[*]}" -- "$cur"))
  if (( ${#COMPREPLY[@]} == 0 && (directive & 4) == 0 )); then
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}
complete -F _kubectl_karmada_mcs kubectl-karmada_mcs
