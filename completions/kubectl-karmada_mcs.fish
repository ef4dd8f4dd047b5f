# kubectl-karmada_mcs completion. `kubectl karmada-mcs` completes through kubectl's own completion
# (kubectl >= 1.26 runs kubectl_complete-karmada_mcs); this script is for calling kubectl-karmada_mcs directly.
# Load it with: kubectl-karmada_mcs completion fish | source
# Keeps the candidates for -a below, and is false when fish should complete file names instead.
function __kubectl_karmada_mcs_complete
    set -l words (commandline -opc)[2..-1] (commandline -ct)
    set -l lines (kubectl-karmada_mcs __complete $words 2>/dev/null)
    set -l directive 4
    if test (count $lines) -gt 0; and string match -q -- ':*' $lines[-1]
        set directive (string sub --start 2 -- $lines[-1])
        set -e lines[-1]
    end
    set -g __kubectl_karmada_mcs_candidates $lines
    test (count $lines) -gt 0; or test (math (math --scale 0 $directive / 4) % 2) -eq 1
end
complete -c kubectl-karmada_mcs -f -n __kubectl_karmada_mcs_complete -a '$__kubectl_karmada_mcs_candidates'
