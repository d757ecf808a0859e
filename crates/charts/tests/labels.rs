//! The map's label placement: no label over another, over a point or outside the plot.

use portal_charts::labels::{Label, Rect, place_labels};

const AREA: Rect = Rect { x0: 0, y0: 0, x1: 600, y1: 400 };

fn no_overlaps(labels: &[Label], placed: &[Option<Rect>], marker: i32) {
    let boxes: Vec<Rect> = placed.iter().flatten().copied().collect();
    for (i, a) in boxes.iter().enumerate() {
        assert!(AREA.contains(a), "label {a:?} leaves the plot");
        for b in &boxes[i + 1..] {
            assert!(!a.overlaps(b), "labels {a:?} and {b:?} overlap");
        }
        for l in labels {
            let dot = Rect { x0: l.x - marker, y0: l.y - marker, x1: l.x + marker + 1, y1: l.y + marker + 1 };
            assert!(!a.overlaps(&dot), "label {a:?} covers the point at ({}, {})", l.x, l.y);
        }
    }
}

#[test]
fn places_that_lie_apart_all_get_their_label_to_the_right() {
    let labels = [Label { x: 100, y: 100, w: 40, h: 14 }, Label { x: 300, y: 200, w: 60, h: 14 }];
    let placed = place_labels(&labels, AREA, &[], 6, 3);
    assert_eq!(placed, vec![Some(Rect::at(109, 93, 40, 14)), Some(Rect::at(309, 193, 60, 14))]);
}

#[test]
fn a_crowded_cluster_gets_no_overlapping_label_and_drops_what_cannot_fit() {
    // Nine places within a few pixels of each other, as a district seat and its parks are.
    let labels: Vec<Label> =
        (0..9).map(|i| Label { x: 300 + (i % 3) * 8, y: 200 + (i / 3) * 8, w: 70, h: 14 }).collect();
    let placed = place_labels(&labels, AREA, &[], 6, 3);
    no_overlaps(&labels, &placed, 6);
    assert!(placed[0].is_some(), "the first label has the first choice");
    assert!(placed.iter().any(Option::is_none), "nine labels cannot all fit around one point");
}

#[test]
fn a_label_at_the_right_edge_goes_to_the_left_of_its_point() {
    let labels = [Label { x: 590, y: 100, w: 50, h: 14 }];
    let placed = place_labels(&labels, AREA, &[], 6, 3);
    assert_eq!(placed, vec![Some(Rect::at(590 - 6 - 3 - 50, 93, 50, 14))]);
}

#[test]
fn a_label_larger_than_the_plot_is_left_out() {
    let placed = place_labels(&[Label { x: 300, y: 200, w: 700, h: 14 }], AREA, &[], 6, 3);
    assert_eq!(placed, vec![None]);
}

#[test]
fn random_maps_never_overlap() {
    // A small linear congruential generator: the same "random" maps on every run.
    let mut seed: u64 = 0x5eed;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) % n) as i32
    };
    let mut dropped = 0;
    for _ in 0..200 {
        let k = 1 + next(20) as usize;
        let labels: Vec<Label> = (0..k)
            .map(|_| Label { x: next(600), y: next(400), w: 20 + next(80) as u32, h: 12 + next(6) as u32 })
            .collect();
        let placed = place_labels(&labels, AREA, &[], 6, 3);
        assert_eq!(placed.len(), labels.len());
        no_overlaps(&labels, &placed, 6);
        dropped += placed.iter().filter(|p| p.is_none()).count();
    }
    assert!(dropped < 200 * 10 / 2, "most labels find a place ({dropped} dropped)");
}

#[test]
fn no_label_goes_under_the_legend() {
    let legend = Rect { x0: 450, y0: 0, x1: 600, y1: 80 };
    // To the right of the point is the legend's place: the label goes to the left.
    let labels = [Label { x: 430, y: 40, w: 60, h: 14 }];
    let placed = place_labels(&labels, AREA, &[legend], 6, 3);
    assert_eq!(placed, vec![Some(Rect::at(430 - 6 - 3 - 60, 33, 60, 14))]);
}

/// The sample's map as a phone draws it (328 × 300 px, the chart's narrow size): every district
/// keeps a label (full or short), and no mark of the map lies under its key.
#[test]
fn on_a_phone_every_district_is_labelled_and_the_key_hides_no_place() {
    use portal_charts::{Chart, approximate_measurer};
    use portal_core::chart::{MapModel, map_places};
    use portal_core::feed::reference::AreaTable;
    use portal_core::i18n::Lang;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/reference/areas.json");
    let areas: AreaTable =
        serde_json::from_str(&std::fs::read_to_string(path).expect("the sample's areas")).expect("areas.json parses");
    let districts: Vec<_> = areas.areas.iter().filter(|a| a.is_district()).collect();
    assert!(districts.len() >= 6, "the sample has its six districts and counties");
    for lang in [Lang::Zh, Lang::En] {
        let places = map_places(&areas, lang);
        let b = areas.city.bounds;
        let map = MapModel {
            title: lang
                .pick("示意图：企业、区县与化工园区位置", "Schematic map: enterprises, districts and chemical parks")
                .into(),
            bounds: (b.south, b.north, b.west, b.east),
            places: places.clone(),
            enterprises: vec![],
            legend_enterprise: lang.pick("企业", "Enterprise").into(),
            legend_exceeded: lang.pick("有超标记录", "Exceeded a limit").into(),
            legend_park: lang.pick("化工园区", "Chemical park").into(),
            table_columns: ["", "", ""].map(String::from),
        };
        let svg = Chart::Map(map).svg(328, 300, approximate_measurer).expect("draws");
        let texts: Vec<(f64, String)> = svg
            .split("<text")
            .skip(1)
            .filter_map(|t| {
                let y = t.split(" y=\"").nth(1)?.split('"').next()?.parse().ok()?;
                Some((y, t.split('>').nth(1)?.split('<').next()?.trim().to_owned()))
            })
            .collect();
        let key_top = texts
            .iter()
            .filter(|(_, t)| t == lang.pick("企业", "Enterprise"))
            .map(|(y, _)| *y)
            .next()
            .expect("the key names the enterprise mark");
        for p in places.iter().filter(|p| !p.is_park) {
            assert!(
                texts.iter().any(|(_, t)| *t == p.label || *t == p.short),
                "{lang:?}: {} has no label at 360 px: {texts:?}",
                p.label
            );
        }
        // The places' circles (districts) all lie above the key's first line.
        let circles: Vec<f64> = svg
            .split("<circle")
            .skip(1)
            .filter(|c| c.contains("r=\"6\""))
            .filter_map(|c| c.split(" cy=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect();
        assert_eq!(circles.len(), districts.len(), "{lang:?}: a circle per district");
        assert!(
            circles.iter().all(|cy| cy + 6.0 < key_top),
            "{lang:?}: a district under the key: {circles:?} vs {key_top}"
        );
    }
}
