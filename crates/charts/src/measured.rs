//! A backend wrapper that measures text with a function of our choosing.
//!
//! On wasm, plotters measures text by inserting a `<span style="…">` into the page, which the
//! site's Content-Security-Policy (no inline styles) blocks. The app wraps its backends in
//! [`Measured`] with a measurer that asks a canvas (`measureText`) instead. Everything else is
//! passed through unchanged, except that empty text is not drawn at all.

use plotters_backend::text_anchor::Pos;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontFamily,
    FontStyle, FontTransform,
};

/// Measures `text` in `family` at `size` px; returns (width, height) in px.
pub trait TextMeasurer {
    fn measure(&self, text: &str, family: &str, size: f64) -> (u32, u32);
}

impl<F: Fn(&str, &str, f64) -> (u32, u32)> TextMeasurer for F {
    fn measure(&self, text: &str, family: &str, size: f64) -> (u32, u32) {
        self(text, family, size)
    }
}

/// `inner`, with text measured by `measurer`, and optionally another size than `inner`'s.
pub struct Measured<B, M> {
    pub inner: B,
    pub measurer: M,
    /// The size drawn in, when it is not `inner`'s: a canvas of `size × devicePixelRatio` pixels
    /// whose context is scaled by the ratio is drawn in CSS pixels, sharp on a phone's screen.
    pub size: Option<(u32, u32)>,
    /// The font family text is drawn and measured in, instead of the chart's own: the page's
    /// (its stylesheet's font stack), so that a chart's labels look like the page's text and
    /// the browser finds their glyphs in the fonts it has loaded for the page already.
    pub family: Option<String>,
}

impl<B, M> Measured<B, M> {
    /// `inner` at its own size, with text measured by `measurer`.
    pub fn new(inner: B, measurer: M) -> Self {
        Measured { inner, measurer, size: None, family: None }
    }
}

/// A text style with another font family.
struct WithFamily<'a, T> {
    inner: &'a T,
    family: &'a str,
}

impl<T: BackendTextStyle> BackendTextStyle for WithFamily<'_, T> {
    type FontError = T::FontError;
    fn color(&self) -> BackendColor {
        self.inner.color()
    }
    fn size(&self) -> f64 {
        self.inner.size()
    }
    fn transform(&self) -> FontTransform {
        self.inner.transform()
    }
    fn style(&self) -> FontStyle {
        self.inner.style()
    }
    fn anchor(&self) -> Pos {
        self.inner.anchor()
    }
    fn family(&self) -> FontFamily<'_> {
        FontFamily::Name(self.family)
    }
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Self::FontError> {
        self.inner.layout_box(text)
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        text: &str,
        pos: BackendCoord,
        draw: F,
    ) -> Result<Result<(), E>, Self::FontError> {
        self.inner.draw(text, pos, draw)
    }
}

impl<B: DrawingBackend, M: TextMeasurer> DrawingBackend for Measured<B, M> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.size.unwrap_or_else(|| self.inner.get_size())
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(ul, br, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        // Empty labels (the bar chart's ticks between categories) draw nothing; skipping them
        // saves the canvas a font and style change each.
        if text.is_empty() {
            return Ok(());
        }
        match &self.family {
            Some(family) => self.inner.draw_text(text, &WithFamily { inner: style, family }, pos),
            None => self.inner.draw_text(text, style, pos),
        }
    }
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let size = style.size();
        Ok(match &self.family {
            Some(family) => self.measurer.measure(text, family, size),
            None => self.measurer.measure(text, style.family().as_str(), size),
        })
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    #[test]
    fn text_is_measured_by_the_given_function() {
        let mut svg = String::new();
        let calls = std::cell::Cell::new(0);
        {
            let backend =
                Measured::new(SVGBackend::with_string(&mut svg, (200, 100)), |t: &str, _f: &str, size: f64| {
                    calls.set(calls.get() + 1);
                    ((t.chars().count() as f64 * size * 0.6) as u32, size as u32)
                });
            let root = backend.into_drawing_area();
            let (w, h) = root.estimate_text_size("abcd", &("sans-serif", 10).into_text_style(&root)).expect("measures");
            assert_eq!((w, h), (24, 10));
        }
        assert_eq!(calls.get(), 1);
    }

    #[test]
    fn a_family_given_is_drawn_and_measured_instead_of_the_chart_s() {
        let mut svg = String::new();
        let measured_in = std::cell::RefCell::new(String::new());
        {
            let mut backend =
                Measured::new(SVGBackend::with_string(&mut svg, (200, 100)), |_: &str, f: &str, s: f64| {
                    *measured_in.borrow_mut() = f.to_owned();
                    (10, s as u32)
                });
            backend.family = Some("system-ui, Noto Sans CJK SC, sans-serif".into());
            let root = backend.into_drawing_area();
            let style = ("sans-serif", 10).into_text_style(&root);
            root.estimate_text_size("x", &style).expect("measures");
            root.draw_text("x", &style, (5, 20)).expect("draws");
        }
        assert_eq!(*measured_in.borrow(), "system-ui, Noto Sans CJK SC, sans-serif");
        assert!(svg.contains("font-family=\"system-ui, Noto Sans CJK SC, sans-serif\""), "{svg}");
    }

    #[test]
    fn empty_text_is_not_drawn() {
        let mut svg = String::new();
        {
            let backend =
                Measured::new(SVGBackend::with_string(&mut svg, (200, 100)), |_: &str, _: &str, s: f64| (0, s as u32));
            let root = backend.into_drawing_area();
            let style = ("sans-serif", 10).into_text_style(&root);
            root.draw_text("", &style, (5, 5)).expect("draws nothing");
            root.draw_text("x", &style, (5, 20)).expect("draws");
        }
        assert_eq!(svg.matches("<text").count(), 1, "{svg}");
    }
}
