//! Where a map's point labels go so that none overlaps another: greedy placement with collision
//! boxes, in pixels. Pure, so that it is tested natively (crates/charts/tests/labels.rs).
//!
//! Each label is tried at a few positions around its point (right, left, above, below, then the
//! four corners), in the order given (the first labels get the first choice). A position is taken
//! when its box stays inside the plot and clear of every label already placed and of every point's
//! marker. A label with no free position is left out: the page's table under the map names every
//! place, so nothing is lost, and no label is ever drawn over another.

/// A box in pixels: `x0 ≤ x < x1`, `y0 ≤ y < y1` (y down, as on a canvas).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl Rect {
    /// A box from its top-left corner and its size.
    pub fn at(x: i32, y: i32, w: u32, h: u32) -> Rect {
        Rect { x0: x, y0: y, x1: x + w as i32, y1: y + h as i32 }
    }

    /// Whether the two boxes share any pixel.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// Whether `o` lies wholly inside this box.
    pub fn contains(&self, o: &Rect) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }
}

/// One label to place: its point and its text's size, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub x: i32,
    pub y: i32,
    pub w: u32,
    pub h: u32,
}

/// Places `labels` (in order of importance) inside `area`, clear of each other, of `obstacles`
/// (the legend) and of a square of `marker` pixels around every label's point, `gap` pixels from
/// their own point. Answers, for each label, the box it is drawn in, or `None` when it does not
/// fit anywhere.
pub fn place_labels(labels: &[Label], area: Rect, obstacles: &[Rect], marker: u32, gap: u32) -> Vec<Option<Rect>> {
    let variants: Vec<[Label; 1]> = labels.iter().map(|l| [*l]).collect();
    place_label_variants(&variants, area, obstacles, marker, gap).into_iter().map(|p| p.map(|(_, r)| r)).collect()
}

/// As [`place_labels`], with each label given as its variants at one point, the full text's size
/// first and then shorter ones (a place's short name): a label takes its first variant that fits
/// at any of its positions. Answers, for each label, the variant taken (its index) and its box.
///
/// Cheap enough to run on every draw: the boxes of the points and of the labels already placed
/// are checked with integer comparisons only, and a candidate is tested against the plot first.
pub fn place_label_variants<V: AsRef<[Label]>>(
    labels: &[V],
    area: Rect,
    obstacles: &[Rect],
    marker: u32,
    gap: u32,
) -> Vec<Option<(usize, Rect)>> {
    let m = marker as i32;
    let g = gap as i32;
    // Every label's point (its first variant's), then the obstacles; labels placed are added.
    let mut taken: Vec<Rect> = labels
        .iter()
        .filter_map(|v| v.as_ref().first())
        .map(|l| Rect { x0: l.x - m, y0: l.y - m, x1: l.x + m + 1, y1: l.y + m + 1 })
        .chain(obstacles.iter().copied())
        .collect();
    let mut out = Vec::with_capacity(labels.len());
    for variants in labels {
        let spot = variants.as_ref().iter().enumerate().find_map(|(k, l)| {
            let (w, h) = (l.w as i32, l.h as i32);
            let (right, left) = (l.x + m + g, l.x - m - g - w);
            let (above, below) = (l.y - m - g - h, l.y + m + g);
            let (mid_x, mid_y) = (l.x - w / 2, l.y - h / 2);
            [
                (right, mid_y),
                (left, mid_y),
                (mid_x, above),
                (mid_x, below),
                (right, above),
                (right, below),
                (left, above),
                (left, below),
            ]
            .into_iter()
            .map(|(x, y)| Rect::at(x, y, l.w, l.h))
            .find(|r| area.contains(r) && !taken.iter().any(|o| o.overlaps(r)))
            .map(|r| (k, r))
        });
        if let Some((_, r)) = spot {
            taken.push(r);
        }
        out.push(spot);
    }
    out
}

/// Breaks a chart's title into lines no wider than `max` (as `width` measures them), so that a
/// title longer than a phone's canvas is wrapped rather than cut off. Breaks at spaces, and between
/// Chinese characters but never before a closing mark (，。）) or after an opening one (（); a
/// word is never broken. A word wider than `max` gets a line of its own.
pub fn wrap_title(text: &str, max: u32, width: impl Fn(&str) -> u32) -> Vec<String> {
    fn wide(c: char) -> bool {
        c > '\u{2e7f}'
    }
    fn opening(c: char) -> bool {
        matches!(c, '（' | '「' | '《' | '“' | '(' | '[')
    }
    fn closing(c: char) -> bool {
        matches!(
            c,
            '）' | '」' | '》' | '”' | '，' | '。' | '、' | '；' | '：' | '！' | '？' | ')' | ']' | ',' | '.' | ':'
        )
    }
    // A title that fits is one line, measured once (each measurement costs the canvas a shaping).
    if width(text.trim()) <= max {
        return vec![text.trim().to_owned()];
    }
    // The pieces between break opportunities, each with the spaces that follow it.
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        current.push(c);
        let next = chars.get(i + 1).copied();
        let can_break = match next {
            None => true,
            Some(n) if n == ' ' || closing(n) || opening(c) => false,
            Some(n) => c == ' ' || (wide(c) && wide(n)),
        };
        if can_break {
            pieces.push(std::mem::take(&mut current));
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces {
        let candidate = format!("{line}{piece}");
        if !line.is_empty() && width(candidate.trim_end()) > max {
            lines.push(line.trim_end().to_owned());
            line = piece;
        } else {
            line = candidate;
        }
    }
    if !line.trim_end().is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}
