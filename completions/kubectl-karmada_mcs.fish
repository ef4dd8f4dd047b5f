# kubectl-karmada_mcs completion. `kubectl karmada-mcs` completes through kubectl's own completion
# (kubectl >= 1.26 runs kubectl_complete-karmada_mcs); this script is for calling kubectl-karmada_mcs directly.
# Load it with: kubectl-karmada_mcs completion fish | source
function __kubectl_karmada_mcs_complete
    set -l words (commandline -opc)[2..-1] (commandline -ct)
    kubectl-karmada_mcs __complete $words 2>/dev/null | string match -v -r '^:'
end
complete -c kubectl-karmada_mcs -f -a '(__kubectl_karmada_mcs_complete)'
