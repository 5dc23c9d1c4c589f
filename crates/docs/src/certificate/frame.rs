//! The drawn frame of the default template: a strong outer border with a thin line inside
//! it, an inner accent line whose corners are cut in with quarter circles, and a small
//! diamond with two dots in each corner.

use printpdf::{
    Color, Line, LinePoint, Op, PaintMode, Point, Polygon, PolygonRing, Pt, Rgb, WindingOrder,
};

use super::template::{parse_color, Frame};
use crate::pdf::canvas::mm;

/// Bezier handle length for a quarter circle of radius 1.
const KAPPA: f32 = 0.552_284_8;

/// Ops drawing `frame` on a page `width` × `height` points.
pub(crate) fn frame_ops(frame: &Frame, width: f32, height: f32) -> Vec<Op> {
    let main = parse_color(&frame.color).unwrap_or([0.12, 0.23, 0.37]);
    let accent = parse_color(&frame.accent).unwrap_or([0.69, 0.55, 0.24]);
    let flip = |x: f32, y: f32| Point {
        x: Pt(x),
        y: Pt(height - y),
    };
    let mut ops = vec![Op::SaveGraphicsState];

    // Outer border, and a thin line just inside it.
    let outer = mm(8.0);
    stroke_rect(&mut ops, flip, outer, width, height, 2.6, main);
    let second = mm(9.6);
    stroke_rect(&mut ops, flip, second, width, height, 0.6, main);

    // Inner accent line with concave (cut-in) corners.
    let inset = mm(12.6);
    let r = mm(7.0);
    let k = r * KAPPA;
    let (l, t, rt, b) = (inset, inset, width - inset, height - inset);
    let pt = |x: f32, y: f32, bezier: bool| LinePoint {
        p: flip(x, y),
        bezier,
    };
    let points = vec![
        pt(l + r, t, false),
        pt(rt - r, t, false),
        pt(rt - r, t + k, true),
        pt(rt - k, t + r, true),
        pt(rt, t + r, false),
        pt(rt, b - r, false),
        pt(rt - k, b - r, true),
        pt(rt - r, b - k, true),
        pt(rt - r, b, false),
        pt(l + r, b, false),
        pt(l + r, b - k, true),
        pt(l + k, b - r, true),
        pt(l, b - r, false),
        pt(l, t + r, false),
        pt(l + k, t + r, true),
        pt(l + r, t + k, true),
        pt(l + r, t, false),
    ];
    ops.push(Op::SetOutlineColor { col: rgb(accent) });
    ops.push(Op::SetOutlineThickness { pt: Pt(1.0) });
    ops.push(Op::DrawLine {
        line: Line {
            points,
            is_closed: true,
        },
    });
    // A second, thinner arc inside each cut-in corner.
    let r2 = r - mm(1.3);
    let k2 = r2 * KAPPA;
    ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
    for (cx, cy, sx, sy) in [
        (l, t, 1.0, 1.0),
        (rt, t, -1.0, 1.0),
        (l, b, 1.0, -1.0),
        (rt, b, -1.0, -1.0),
    ] {
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![
                    pt(cx + sx * r2, cy, false),
                    pt(cx + sx * r2, cy + sy * k2, true),
                    pt(cx + sx * k2, cy + sy * r2, true),
                    pt(cx, cy + sy * r2, false),
                ],
                is_closed: false,
            },
        });
    }

    // Corner ornaments: a diamond in each cut-in corner, with a dot on either side along
    // the edges.
    ops.push(Op::SetFillColor { col: rgb(accent) });
    let d = mm(1.9);
    let dot = mm(0.7);
    for (cx, cy, sx, sy) in [
        (l, t, 1.0, 1.0),
        (rt, t, -1.0, 1.0),
        (l, b, 1.0, -1.0),
        (rt, b, -1.0, -1.0),
    ] {
        let (x, y) = (cx + sx * mm(2.1), cy + sy * mm(2.1));
        fill_ring(
            &mut ops,
            vec![
                pt(x, y - d, false),
                pt(x + d, y, false),
                pt(x, y + d, false),
                pt(x - d, y, false),
            ],
        );
        for (dx, dy) in [(sx * (r + mm(2.2)), 0.0), (0.0, sy * (r + mm(2.2)))] {
            let (px, py) = (cx + dx, cy + dy);
            fill_ring(&mut ops, circle(px, py, dot, &pt));
        }
    }
    // A small diamond in the middle of the top and bottom accent lines.
    let m = mm(1.8);
    for y in [t, b] {
        let x = width / 2.0;
        fill_ring(
            &mut ops,
            vec![
                pt(x, y - m, false),
                pt(x + m * 1.6, y, false),
                pt(x, y + m, false),
                pt(x - m * 1.6, y, false),
            ],
        );
    }
    ops.push(Op::RestoreGraphicsState);
    ops
}

fn rgb([r, g, b]: [f32; 3]) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

fn stroke_rect(
    ops: &mut Vec<Op>,
    flip: impl Fn(f32, f32) -> Point,
    inset: f32,
    width: f32,
    height: f32,
    thickness: f32,
    color: [f32; 3],
) {
    ops.push(Op::SetOutlineColor { col: rgb(color) });
    ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
    let corners = [
        (inset, inset),
        (width - inset, inset),
        (width - inset, height - inset),
        (inset, height - inset),
    ];
    ops.push(Op::DrawLine {
        line: Line {
            points: corners
                .iter()
                .map(|&(x, y)| LinePoint {
                    p: flip(x, y),
                    bezier: false,
                })
                .collect(),
            is_closed: true,
        },
    });
}

fn fill_ring(ops: &mut Vec<Op>, points: Vec<LinePoint>) {
    ops.push(Op::DrawPolygon {
        polygon: Polygon {
            rings: vec![PolygonRing { points }],
            mode: PaintMode::Fill,
            winding_order: WindingOrder::NonZero,
        },
    });
}

/// A circle of radius `r` as four Bezier quarters.
fn circle(cx: f32, cy: f32, r: f32, pt: &impl Fn(f32, f32, bool) -> LinePoint) -> Vec<LinePoint> {
    let k = r * KAPPA;
    vec![
        pt(cx + r, cy, false),
        pt(cx + r, cy + k, true),
        pt(cx + k, cy + r, true),
        pt(cx, cy + r, false),
        pt(cx - k, cy + r, true),
        pt(cx - r, cy + k, true),
        pt(cx - r, cy, false),
        pt(cx - r, cy - k, true),
        pt(cx - k, cy - r, true),
        pt(cx, cy - r, false),
        pt(cx + k, cy - r, true),
        pt(cx + r, cy - k, true),
        pt(cx + r, cy, false),
    ]
}
