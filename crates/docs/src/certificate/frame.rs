//! The drawn frame of the default template: a strong outer border with a thin line inside
//! it, an inner accent line whose corners are cut in with quarter circles, and a small
//! diamond with two dots in each corner.
//!
//! The frame is the same on every page, so it is written once as a form XObject's content
//! stream (PDF operators, y up) that every page draws with `Do`: about half of a page's
//! content bytes were the frame when it was repeated on each page.

use std::fmt::Write;

use super::template::{parse_color, Frame};
use crate::pdf::canvas::mm;

/// Bezier handle length for a quarter circle of radius 1.
const KAPPA: f32 = 0.552_284_8;

/// A content stream in page coordinates with the y axis flipped to point down (as the
/// layout measures), numbers rounded to 1/100 point.
struct Path {
    out: String,
    height: f32,
}

impl Path {
    fn num(&mut self, v: f32) {
        let v = (v * 100.0).round() / 100.0;
        let _ = write!(self.out, "{v} ");
    }

    fn point(&mut self, x: f32, y: f32) {
        self.num(x);
        self.num(self.height - y);
    }

    fn op(&mut self, op: &str) {
        self.out.push_str(op);
        self.out.push('\n');
    }

    fn move_to(&mut self, x: f32, y: f32) {
        self.point(x, y);
        self.op("m");
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.point(x, y);
        self.op("l");
    }

    fn curve_to(&mut self, [x1, y1, x2, y2, x3, y3]: [f32; 6]) {
        self.point(x1, y1);
        self.point(x2, y2);
        self.point(x3, y3);
        self.op("c");
    }

    fn stroke_color(&mut self, [r, g, b]: [f32; 3]) {
        let _ = writeln!(self.out, "{r:.3} {g:.3} {b:.3} RG");
    }

    fn fill_color(&mut self, [r, g, b]: [f32; 3]) {
        let _ = writeln!(self.out, "{r:.3} {g:.3} {b:.3} rg");
    }

    fn line_width(&mut self, w: f32) {
        let _ = writeln!(self.out, "{w} w");
    }
}

/// The content stream drawing `frame` on a page `width` × `height` points.
pub(crate) fn frame_content(frame: &Frame, width: f32, height: f32) -> Vec<u8> {
    let main = parse_color(&frame.color).unwrap_or([0.12, 0.23, 0.37]);
    let accent = parse_color(&frame.accent).unwrap_or([0.69, 0.55, 0.24]);
    let mut p = Path {
        out: String::with_capacity(4096),
        height,
    };

    // Outer border, and a thin line just inside it.
    stroke_rect(&mut p, mm(8.0), width, height, 2.6, main);
    stroke_rect(&mut p, mm(9.6), width, height, 0.6, main);

    // Inner accent line with concave (cut-in) corners.
    let inset = mm(12.6);
    let r = mm(7.0);
    let k = r * KAPPA;
    let (l, t, rt, b) = (inset, inset, width - inset, height - inset);
    p.stroke_color(accent);
    p.line_width(1.0);
    p.move_to(l + r, t);
    p.line_to(rt - r, t);
    p.curve_to([rt - r, t + k, rt - k, t + r, rt, t + r]);
    p.line_to(rt, b - r);
    p.curve_to([rt - k, b - r, rt - r, b - k, rt - r, b]);
    p.line_to(l + r, b);
    p.curve_to([l + r, b - k, l + k, b - r, l, b - r]);
    p.line_to(l, t + r);
    p.curve_to([l + k, t + r, l + r, t + k, l + r, t]);
    p.op("h S");
    // A second, thinner arc inside each cut-in corner.
    let r2 = r - mm(1.3);
    let k2 = r2 * KAPPA;
    p.line_width(0.5);
    let corners = [
        (l, t, 1.0, 1.0),
        (rt, t, -1.0, 1.0),
        (l, b, 1.0, -1.0),
        (rt, b, -1.0, -1.0),
    ];
    for (cx, cy, sx, sy) in corners {
        p.move_to(cx + sx * r2, cy);
        p.curve_to([
            cx + sx * r2,
            cy + sy * k2,
            cx + sx * k2,
            cy + sy * r2,
            cx,
            cy + sy * r2,
        ]);
        p.op("S");
    }

    // Corner ornaments: a diamond in each cut-in corner, with a dot on either side along
    // the edges.
    p.fill_color(accent);
    let d = mm(1.9);
    let dot = mm(0.7);
    for (cx, cy, sx, sy) in corners {
        let (x, y) = (cx + sx * mm(2.1), cy + sy * mm(2.1));
        diamond(&mut p, x, y, d, d);
        for (dx, dy) in [(sx * (r + mm(2.2)), 0.0), (0.0, sy * (r + mm(2.2)))] {
            circle(&mut p, cx + dx, cy + dy, dot);
        }
    }
    // A small diamond in the middle of the top and bottom accent lines.
    let m = mm(1.8);
    for y in [t, b] {
        diamond(&mut p, width / 2.0, y, m * 1.6, m);
    }
    p.out.into_bytes()
}

fn stroke_rect(p: &mut Path, inset: f32, width: f32, height: f32, thickness: f32, c: [f32; 3]) {
    p.stroke_color(c);
    p.line_width(thickness);
    p.move_to(inset, inset);
    p.line_to(width - inset, inset);
    p.line_to(width - inset, height - inset);
    p.line_to(inset, height - inset);
    p.op("h S");
}

/// A filled diamond centred on (`x`, `y`), `w` and `h` from the centre to its points.
fn diamond(p: &mut Path, x: f32, y: f32, w: f32, h: f32) {
    p.move_to(x, y - h);
    p.line_to(x + w, y);
    p.line_to(x, y + h);
    p.line_to(x - w, y);
    p.op("h f");
}

/// A filled circle of radius `r` as four Bezier quarters.
fn circle(p: &mut Path, cx: f32, cy: f32, r: f32) {
    let k = r * KAPPA;
    p.move_to(cx + r, cy);
    p.curve_to([cx + r, cy + k, cx + k, cy + r, cx, cy + r]);
    p.curve_to([cx - k, cy + r, cx - r, cy + k, cx - r, cy]);
    p.curve_to([cx - r, cy - k, cx - k, cy - r, cx, cy - r]);
    p.curve_to([cx + k, cy - r, cx + r, cy - k, cx + r, cy]);
    p.op("h f");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_is_a_balanced_content_stream_inside_the_page() {
        let frame = Frame {
            color: "#1f3a5f".into(),
            accent: "#b08d3c".into(),
        };
        let (w, h) = (841.89, 595.28);
        let text = String::from_utf8(frame_content(&frame, w, h)).expect("ascii");
        assert!(text.contains("0.122 0.227 0.373 RG"), "{text}");
        assert_eq!(
            text.matches("h S").count(),
            3,
            "two borders and the accent line"
        );
        assert_eq!(text.matches("h f").count(), 4 * 3 + 2, "ornaments");
        for line in text.lines() {
            let mut nums = line
                .split_whitespace()
                .filter_map(|t| t.parse::<f32>().ok());
            if line.ends_with(" m") || line.ends_with(" l") || line.ends_with(" c") {
                while let (Some(x), Some(y)) = (nums.next(), nums.next()) {
                    assert!((0.0..=w).contains(&x) && (0.0..=h).contains(&y), "{line}");
                }
            }
        }
    }
}
