"""The portal's online SKM page offers the questionnaire's education levels, D1–D3 and D4/S1
among them (Permenpan RB 14/2017), from the same data as the counter's paper form."""

from __future__ import annotations

import re
import urllib.request

LEVELS = ["SD", "SMP", "SMA", "D1-D3", "D4/S1", "S2", "S3"]


def test_the_portal_skm_page_offers_every_level(portal):
    code = portal.new_site("MPP Kota Uji")
    with urllib.request.urlopen(f"{portal.url}/skm?site={code}", timeout=10) as response:
        page = response.read().decode("utf-8")
    select = re.search(r'<select id="education"[^>]*>(.*?)</select>', page, re.S)
    assert select, page
    options = re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))
    assert options == ["—", *LEVELS]
