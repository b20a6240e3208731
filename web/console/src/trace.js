// Reading a decision trace (shared/core/src/policy/trace.rs): which of the
// rules considered decided the call.

/** The step that decided: the record's rule, else the first enforced match. */
export function winningStep(trace, ruleId) {
  const steps = (trace && trace.rules) || [];
  return (
    steps.find((s) => ruleId && s.rule_id === ruleId && s.outcome === 'matched' && !s.shadow) ||
    steps.find((s) => s.outcome === 'matched' && !s.shadow) ||
    null
  );
}
