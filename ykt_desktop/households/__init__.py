"""一户一表: door-to-door household verification (issue 3).

- :mod:`.records` the form's data; :mod:`.load` / :mod:`.save` read and write it (one
  transaction); :mod:`.validate` checks it with Chinese messages naming the place;
- :mod:`.placement` where an ID number already is (duplicate IDs shown while typing);
- :mod:`.subsidies` official figures beside the household's statements, mismatches;
- :mod:`.problems` issues the form can raise in one action (发现问题);
- :mod:`.search` the household list: filters, name / pinyin / ID search, lazy rows;
- :mod:`.completeness` progress per township / village / group and the still-missing lists;
- :mod:`.drafts` autosaved drafts of the form.
"""
