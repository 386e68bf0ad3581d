//! The experiments' two kinds of plot: lines over a (log) axis, with an
//! optional least-squares fit on `ln x`, and grouped bars.

use std::path::Path;

use anyhow::{anyhow, Result};
use plotters::prelude::*;

/// One line of a line plot.
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
    /// Draw the least-squares line of `y` on `ln x` (log axes only).
    pub fit: bool,
    /// Half-widths of an interval around each point's `y`, drawn as error
    /// bars (cut to 0..=1 on a percent axis); empty for none. A series with
    /// them is drawn as points and its fit, without a line joining the
    /// points (measurements of different models interleave along x).
    pub errors: Vec<f64>,
}

pub use crate::curve::log_fit;

/// A tick label: three significant digits, no trailing zeros.
fn short(x: f64) -> String {
    if x != 0.0 && (x.abs() >= 1e5 || x.abs() < 1e-3) {
        return format!("{x:.1e}");
    }
    let text = format!("{x:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A chart builder on a white 900×600 canvas, with the title and label
/// areas when a font is there for them.
fn frame<'a, 'b>(
    root: &'a DrawingArea<BitMapBackend<'b>, plotters::coord::Shift>,
    title: &str,
    labels: bool,
) -> ChartBuilder<'a, 'b, BitMapBackend<'b>> {
    let mut builder = ChartBuilder::on(root);
    builder.margin(20);
    if labels {
        builder
            .caption(title, ("sans-serif", 20))
            .x_label_area_size(45)
            .y_label_area_size(60);
    }
    builder
}

fn err(path: &Path) -> impl Fn(&dyn std::fmt::Display) -> anyhow::Error + '_ {
    move |e| anyhow!("{}: {e}", path.display())
}

/// Lines of `series` (y in 0..=1 shown as percent), x on a log scale when
/// `log_x`.
pub fn lines(
    path: &Path,
    title: &str,
    x_desc: &str,
    y_desc: &str,
    log_x: bool,
    series: &[Series],
) -> Result<()> {
    draw_lines(path, [title, x_desc, y_desc], log_x, series, true)
}

/// Lines of `series` with y as it is (from 0 unless the values sit far
/// above it), x on a log scale when `log_x`.
pub fn value_lines(
    path: &Path,
    title: &str,
    x_desc: &str,
    y_desc: &str,
    log_x: bool,
    series: &[Series],
) -> Result<()> {
    draw_lines(path, [title, x_desc, y_desc], log_x, series, false)
}

fn draw_lines(
    path: &Path,
    [title, x_desc, y_desc]: [&str; 3],
    log_x: bool,
    series: &[Series],
    percent: bool,
) -> Result<()> {
    let e = err(path);
    let scale = if percent { 100.0 } else { 1.0 };
    let xs = series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
    let (lo, hi) = xs.fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
    if lo > hi || (log_x && lo <= 0.0) {
        return Ok(());
    }
    let labels = crate::curve::register_font();
    let root = BitMapBackend::new(path, (900, 600)).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let mut builder = frame(&root, title, labels);
    let (lo, hi) = if log_x {
        (lo / 1.5, hi * 1.5)
    } else {
        let pad = ((hi - lo) * 0.05).max(0.5);
        (lo - pad, hi + pad)
    };
    // the lowest and highest y, error bars included
    let (low, top) = series
        .iter()
        .flat_map(|s| {
            s.points.iter().enumerate().map(|(i, p)| {
                let half = s.errors.get(i).copied().unwrap_or(0.0);
                (p.1 - half, p.1 + half)
            })
        })
        .fold((f64::MAX, 0.0f64), |(low, top), (l, h)| {
            (low.min(l), top.max(h))
        });
    // values as they are start at 0, unless that would squeeze them into
    // the top half of the plot
    let bottom = if percent || low < 0.5 * top {
        0.0
    } else {
        low - 0.1 * (top - low)
    };
    let top = if !percent {
        top * 1.1
    } else if top > 0.5 {
        100.0
    } else {
        (top * 100.0 * 1.2).max(1.0)
    };
    macro_rules! draw {
        ($chart:expr, $x:expr) => {{
            let mut chart = $chart;
            if labels {
                chart
                    .configure_mesh()
                    .light_line_style(WHITE)
                    .x_label_formatter(&|x: &f64| short(*x))
                    .y_label_formatter(&|y: &f64| short(*y))
                    .x_desc(x_desc)
                    .y_desc(y_desc)
                    .draw()
                    .map_err(|x| e(&x))?;
            }
            for (i, s) in series.iter().enumerate() {
                let colour = Palette99::pick(i).to_rgba();
                let pts: Vec<(f64, f64)> = s.points.iter().map(|p| (p.0, scale * p.1)).collect();
                let joined = if s.errors.is_empty() {
                    pts.clone()
                } else {
                    Vec::new()
                };
                let line = chart
                    .draw_series(LineSeries::new(joined, colour.stroke_width(3)))
                    .map_err(|x| e(&x))?;
                if labels {
                    line.label(s.name.as_str()).legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(3))
                    });
                }
                chart
                    .draw_series(pts.iter().map(|&p| Circle::new(p, 4, colour.filled())))
                    .map_err(|x| e(&x))?;
                chart
                    .draw_series(pts.iter().zip(&s.errors).map(|(&(x, y), &half)| {
                        let half = scale * half;
                        let (lo, hi) = if percent {
                            ((y - half).max(0.0), (y + half).min(scale))
                        } else {
                            (y - half, y + half)
                        };
                        ErrorBar::new_vertical(x, lo, y, hi, colour.stroke_width(2), 8)
                    }))
                    .map_err(|x| e(&x))?;
                if s.fit && $x {
                    if let Some((a, b)) = log_fit(&s.points) {
                        let (l, h) = s
                            .points
                            .iter()
                            .fold((f64::MAX, f64::MIN), |(l, h), p| (l.min(p.0), h.max(p.0)));
                        let fit =
                            vec![(l, scale * (a + b * l.ln())), (h, scale * (a + b * h.ln()))];
                        chart
                            .draw_series(LineSeries::new(fit, colour.mix(0.4).stroke_width(1)))
                            .map_err(|x| e(&x))?;
                    }
                }
            }
            if labels {
                chart
                    .configure_series_labels()
                    .background_style(WHITE.mix(0.8))
                    .border_style(BLACK)
                    .position(SeriesLabelPosition::UpperLeft)
                    .draw()
                    .map_err(|x| e(&x))?;
            }
        }};
    }
    if log_x {
        let chart = builder
            .build_cartesian_2d((lo..hi).log_scale(), bottom..top)
            .map_err(|x| e(&x))?;
        draw!(chart, true);
    } else {
        let chart = builder
            .build_cartesian_2d(lo..hi, bottom..top)
            .map_err(|x| e(&x))?;
        draw!(chart, false);
    }
    root.present().map_err(|x| e(&x))?;
    Ok(())
}

/// Grouped bars: for each group (x), one bar per series; heights in 0..=1
/// shown as percent when `percent`, else as they are.
pub fn bars(
    path: &Path,
    title: &str,
    y_desc: &str,
    groups: &[String],
    series: &[(String, Vec<f64>)],
    percent: bool,
) -> Result<()> {
    let e = err(path);
    if groups.is_empty() || series.is_empty() {
        return Ok(());
    }
    let labels = crate::curve::register_font();
    let root = BitMapBackend::new(path, (900, 600)).into_drawing_area();
    root.fill(&WHITE).map_err(|x| e(&x))?;
    let mut builder = frame(&root, title, labels);
    let top = series
        .iter()
        .flat_map(|s| s.1.iter().copied())
        .fold(0.0f64, f64::max);
    let unit = if percent { 100.0 } else { 1.0 };
    let top = if percent {
        (top * 100.0 * 1.25).clamp(0.1, 100.0)
    } else {
        (top * 1.25).max(1e-9)
    };
    let n = groups.len() as f64;
    let mut chart = builder
        .build_cartesian_2d(0.0..n, 0.0..top)
        .map_err(|x| e(&x))?;
    if labels {
        let names = groups.to_vec();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .y_label_formatter(&|y: &f64| short(*y))
            .x_labels(groups.len() * 2 + 1)
            .x_label_formatter(&move |x: &f64| {
                let i = x.floor();
                if (x - i - 0.5).abs() < 0.01 && i >= 0.0 {
                    #[expect(
                        clippy::cast_possible_truncation,
                        clippy::cast_sign_loss,
                        reason = "a small non-negative group index"
                    )]
                    let i = i as usize;
                    names.get(i).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_desc(y_desc)
            .draw()
            .map_err(|x| e(&x))?;
    }
    let width = 0.8 / series.len() as f64;
    for (s, (name, values)) in series.iter().enumerate() {
        let colour = Palette99::pick(s).to_rgba();
        let drawn = chart
            .draw_series(values.iter().enumerate().map(|(g, &v)| {
                let x0 = g as f64 + 0.1 + width * s as f64;
                Rectangle::new([(x0, 0.0), (x0 + width * 0.9, unit * v)], colour.filled())
            }))
            .map_err(|x| e(&x))?;
        if labels {
            drawn.label(name.as_str()).legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 15, y + 5)], colour.filled())
            });
        }
    }
    if labels {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(|x| e(&x))?;
    }
    root.present().map_err(|x| e(&x))?;
    Ok(())
}
