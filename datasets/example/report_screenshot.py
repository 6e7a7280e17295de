#!/usr/bin/env python3
"""Makes datasets/example/report_screenshot.png (the README's picture) from the
report `make demo` writes: the top of notebooks-out/report.html on a desktop
(1000 CSS px wide) and its first survey on a phone (390 px), side by side, with headless
Chromium (Debian `chromium`) and Pillow.

    make demo && python3 datasets/example/report_screenshot.py [notebooks-out/report.html]
"""
import os
import subprocess
import sys
import tempfile

from PIL import Image

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
report = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "notebooks-out", "report.html"))
target = os.path.join(root, "datasets", "example", "report_screenshot.png")


def shot(width, height, scratch, anchor=""):
    """`height` px of the report laid out `width` CSS px wide, from its top or
    from `anchor` (in a frame, since a headless window is at least 500 px wide)."""
    frame = os.path.join(scratch, f"frame-{width}.html")
    with open(frame, "w", encoding="utf-8") as f:
        f.write(f'<!DOCTYPE html><body style="margin:0"><iframe src="file://{report}{anchor}" width="{width}" '
                f'height="{height}" style="border:0;display:block"></iframe></body>')
    png = os.path.join(scratch, f"shot-{width}.png")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--user-data-dir={scratch}/profile", f"--window-size={max(width, 500)},{height}",
                    "--virtual-time-budget=5000", f"--screenshot={png}", "file://" + frame],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return Image.open(png).convert("RGB").crop((0, 0, width, height))


with tempfile.TemporaryDirectory() as scratch:
    desktop = shot(1000, 1300, scratch)
    phone = shot(390, 1300, scratch, "#survey1")
    gap = 24
    sheet = Image.new("RGB", (desktop.width + gap + phone.width + 2, desktop.height + 2), "#d0d7de")
    sheet.paste(desktop, (1, 1))
    sheet.paste(Image.new("RGB", (gap, desktop.height + 2), "white"), (desktop.width + 1, 0))
    sheet.paste(phone, (desktop.width + gap + 1, 1))
    sheet = sheet.resize((sheet.width * 4 // 5, sheet.height * 4 // 5), Image.LANCZOS)
    sheet.save(target, optimize=True)
print(target, sheet.size)
