"""公示: beneficiary lists for posting at township, village and group level, masked by policy.

- :mod:`.beneficiaries` reads who was paid what (paid payments only) for item(s), period, scope;
- :mod:`.notice` turns them into a :class:`~.model.Notice` (masked rows, subtotals, wording);
- :mod:`.layout` paginates a notice into drawing operations shared by the PDF and the print
  preview; :mod:`.pdf` and :mod:`.xlsx` write the files;
- :mod:`.records` saves the notice and its posting records; :mod:`.compliance` finds notices
  never posted or posted too briefly (the "未按规定公示" check and the returns).
"""

from ykt_desktop.publicity.model import Notice, NoticeRequest, PublicityError

__all__ = ["Notice", "NoticeRequest", "PublicityError"]
