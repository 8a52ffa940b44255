"""summarise counts people by status, flags by code and photos by their worst severity."""

from __future__ import annotations

from dataclasses import replace

from auditor.report import summarise


def test_counts_of_the_hand_built_team(audit_result):
    summary = summarise(audit_result)
    assert summary["people"] == 14
    assert summary["audited"] == 12
    assert summary["by_status"] == {"ok": 12, "no_face": 0, "no_photo": 1, "failed": 1}
    assert summary["by_flag"] == {
        "color_cast": 1,
        "color_mode_mismatch": 1,
        "crop_too_loose": 1,
        "crop_too_tight": 1,
        "outdated": 1,
        "too_dark": 1,
    }
    # Worst severity per photo: tight + dark are errors; loose + grey are warnings (the grey
    # photo's info flag does not count twice); the warm cast is info only.
    assert summary["flagged_by_severity"] == {"info": 1, "warning": 2, "error": 2}
    assert summary["flagged"] == 4
    assert summary["score"] == 72.4


def test_a_code_counts_once_per_photo(audit_result):
    photo = audit_result.photos[0]
    flag = audit_result.photos[7].flags[0]
    doubled = replace(photo, flags=(flag, flag))
    result = replace(audit_result, photos=(doubled,))
    assert summarise(result)["by_flag"] == {flag.code: 1}
    assert summarise(result)["people"] == 1
