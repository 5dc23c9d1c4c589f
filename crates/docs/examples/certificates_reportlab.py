#!/usr/bin/env python3
"""The certificates_timing job in plain Python, for comparison: 1,000 A4-landscape
certificates with a QR code each over one ~500 KB JPEG background, into one PDF.

Optional to run; needs reportlab and segno (plus Pillow, which reportlab pulls in):

    python3 -m venv /tmp/rl-venv && /tmp/rl-venv/bin/pip install reportlab segno
    /tmp/rl-venv/bin/python crates/docs/examples/certificates_reportlab.py \
        [--count 1000] [--background BG.jpg] [--fonts DIR] [--out OUT.pdf]

The background defaults to the one `certificates_timing` writes with its third argument
(`cargo run -p bintek-docs --release --example certificates_timing -- 1000 OUT.pdf BG.jpg`),
else a generated noisy gradient. Fonts are DejaVu TTFs, looked up in --fonts, in the
system font folders, then in the `dejavu` crate in ~/.cargo/registry. The layout is the
default template's, simplified: centred lines, the name shrunk to fit, the QR code drawn as
merged rectangles like the Rust renderer does.
"""

import argparse
import glob
import io
import os
import time

import segno
from PIL import Image
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FIRST = ["Siti", "Bambang", "Agus", "Dewi", "Rudi", "Sri", "Yohanes", "Lestari"]
LAST = ["Aminah", "Sutrisno Wicaksono", "Prasetyo Nugroho", "Handayani", "Hartono",
        "Wahyuningsih", "Krisna Aditya", "Purnamasari"]
TITLES = [("", ""), ("Dr. ", ", M.Si."), ("Ir. H. ", ", S.T., M.Eng."), ("", ", S.Kom.")]
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def code(i):
    x = ((i + 1) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    out = []
    for _ in range(8):
        out.append(ALPHABET[x % len(ALPHABET)])
        x //= len(ALPHABET)
    return "".join(out)


def certificates(count):
    certs = []
    for i in range(count):
        pre, post = TITLES[i % len(TITLES)]
        c = code(i)
        certs.append({
            "number": "%03d/BIMTEK/DISKOMINFO/IX/2019" % (i + 1),
            "name": "%s%s %s%s" % (pre, FIRST[i % 8], LAST[(i // 8) % 8], post),
            "role": "sebagai Narasumber" if i % 50 == 0 else "sebagai Peserta",
            "code": c,
            "qr": "https://verifikasi.contoh.id/" + c,
        })
    return certs


def find_fonts(folder):
    names = ["DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf",
             "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"]
    places = ([folder] if folder else []) + [
        "/usr/share/fonts/truetype/dejavu",
    ] + glob.glob(os.path.expanduser(
        "~/.cargo/registry/src/*/dejavu-2.37.0/assets/dejavu-fonts-ttf-2.37/ttf"))
    for place in places:
        if all(os.path.exists(os.path.join(place, n)) for n in names):
            return {n[:-4]: os.path.join(place, n) for n in names}
    raise SystemExit("DejaVu fonts not found; pass --fonts DIR")


def background(path):
    if path:
        with open(path, "rb") as f:
            return f.read()
    w, h = 1754, 1240
    noise = Image.effect_noise((w, h), 40).convert("RGB")
    img = Image.blend(Image.new("RGB", (w, h), (245, 236, 214)), noise, 0.12)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def draw_qr(c, matrix, x, y, side):
    """Dark modules as rectangles, one per horizontal run, on a white square."""
    n = len(matrix) + 8
    m = side / n
    c.setFillColorRGB(1, 1, 1)
    c.rect(x, y, side, side, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    path = c.beginPath()
    for r, row in enumerate(matrix):
        col = 0
        while col < len(row):
            if row[col]:
                start = col
                while col < len(row) and row[col]:
                    col += 1
                path.rect(x + (start + 4) * m, y + side - (r + 5) * m, (col - start) * m, m)
            else:
                col += 1
    c.drawPath(path, stroke=0, fill=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--background")
    ap.add_argument("--fonts")
    ap.add_argument("--out", default="/tmp/certificates-reportlab.pdf")
    args = ap.parse_args()

    fonts = find_fonts(args.fonts)
    for name, path in fonts.items():
        pdfmetrics.registerFont(TTFont(name, path))
    bg = ImageReader(io.BytesIO(background(args.background)))
    certs = certificates(args.count)
    width, height = landscape(A4)

    started = time.perf_counter()
    t0 = time.perf_counter()
    matrices = [[list(row) for row in segno.make(c["qr"], error="m", boost_error=False).matrix]
                for c in certs]
    qr_time = time.perf_counter() - t0

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(width, height))
    c.setTitle("Sertifikat")
    cx = width / 2
    for cert, matrix in zip(certs, matrices):
        c.drawImage(bg, 0, 0, width, height)
        c.setFillColorRGB(0.12, 0.23, 0.37)
        c.setFont("DejaVuSerif-Bold", 13)
        c.drawCentredString(cx, height - 25 * mm, "PEMERINTAH KABUPATEN GROBOGAN")
        c.drawCentredString(cx, height - 31 * mm, "DINAS KOMUNIKASI DAN INFORMATIKA")
        c.setFont("DejaVuSerif-Bold", 40)
        c.drawCentredString(cx, height - 54 * mm, "SERTIFIKAT")
        c.setFillColorRGB(0.13, 0.13, 0.13)
        c.setFont("DejaVuSerif", 11)
        c.drawCentredString(cx, height - 62 * mm, "Nomor: " + cert["number"])
        c.setFont("DejaVuSerif-Italic", 14)
        c.drawCentredString(cx, height - 73 * mm, "diberikan kepada:")
        size = 34
        while size > 18 and pdfmetrics.stringWidth(cert["name"], "DejaVuSerif-BoldItalic",
                                                   size) > 237 * mm:
            size -= 0.5
        c.setFillColorRGB(0.12, 0.23, 0.37)
        c.setFont("DejaVuSerif-BoldItalic", size)
        c.drawCentredString(cx, height - 90 * mm, cert["name"])
        c.setFillColorRGB(0.13, 0.13, 0.13)
        c.setFont("DejaVuSerif", 14)
        c.drawCentredString(cx, height - 103 * mm, cert["role"] + " dalam kegiatan")
        c.setFont("DejaVuSerif-Bold", 16)
        c.drawCentredString(cx, height - 112 * mm,
                            "Bimbingan Teknis Pengelolaan Media Sosial sebagai Sarana Komunikasi")
        c.drawCentredString(cx, height - 119 * mm, "Publik Pemerintah Daerah")
        c.setFont("DejaVuSerif", 12)
        c.drawCentredString(cx, height - 126 * mm,
                            "Purwodadi, 17\u201318 September 2019 \u00b7 Gedung Riptaloka")
        c.drawCentredString(cx, height - 132 * mm, "selama 16 JP")
        sx = 229 * mm
        c.setFont("DejaVuSerif", 11.5)
        c.drawCentredString(sx, height - 147 * mm, "Purwodadi, 18 September 2019")
        c.setFont("DejaVuSerif", 11)
        c.drawCentredString(sx, height - 154 * mm, "Kepala Dinas Komunikasi dan Informatika")
        c.drawCentredString(sx, height - 159 * mm, "Kabupaten Grobogan")
        c.setFont("DejaVuSerif-Bold", 11)
        name = "Drs. H. Moh. Sumarsono, M.Si."
        c.drawCentredString(sx, height - 183 * mm, name)
        half = pdfmetrics.stringWidth(name, "DejaVuSerif-Bold", 11) / 2
        c.setLineWidth(0.66)
        c.line(sx - half, height - 184.3 * mm, sx + half, height - 184.3 * mm)
        c.setFont("DejaVuSerif", 11)
        c.drawCentredString(sx, height - 188.5 * mm, "Pembina Utama Muda (IV/c)")
        c.drawCentredString(sx, height - 193.5 * mm, "NIP. 19650312 199003 1 005")
        draw_qr(c, matrix, 133.5 * mm, height - 183 * mm, 30 * mm)
        c.setFont("DejaVuSans", 8.5)
        c.drawCentredString(cx, height - 187 * mm, cert["code"])
        c.showPage()
    c.save()
    data = out.getvalue()
    elapsed = time.perf_counter() - started
    with open(args.out, "wb") as f:
        f.write(data)
    print("%d certificates, one PDF (reportlab + segno): %.2f s (QR %.2f s), %.2f MB"
          % (len(certs), elapsed, qr_time, len(data) / 1e6))


if __name__ == "__main__":
    main()
