"""The checks (比对): rules that find anomalies, findings that become ledger issues.

- :mod:`.registry` lists the rules (one module each in :mod:`.rules`);
- :mod:`.runner` runs them as a long job; :mod:`.store` keeps findings without duplicates;
- :mod:`.decide` confirms a finding (it becomes a registered issue) or dismisses it;
- :mod:`.params` holds the editable parameters; :mod:`.score` scores a run on the demo.
"""
