#compdef kubectl-karmada_mcs
# kubectl-karmada_mcs completion. `kubectl karmada-mcs` completes through kubectl's own completion
# (kubectl >= 1.26 runs kubectl_complete-karmada_mcs); this script is for calling kubectl-karmada_mcs directly.
# Load it with: source <(kubectl-karmada_mcs completion zsh)
_kubectl_karmada_mcs() {
  local -a lines candidates
  lines=("${(@f)$(kubectl-karmada_mcs __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  local line directive=4
  for line in $lines; do
    if [[ $line == :* ]]; then
      directive=${line#:}
      continue
    fi
    candidates+=("${${line%%$'\t'*}//:/\\:}:${line#*$'\t'}")
  done
  if (( ${#candidates} == 0 && (directive & 4) == 0 )); then
    _files
    return
  fi
  _describe 'kubectl-karmada_mcs' candidates
}
compdef _kubectl_karmada_mcs kubectl-karmada_mcs
