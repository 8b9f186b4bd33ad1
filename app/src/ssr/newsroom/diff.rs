//! What changed between two revisions of a text, line by line: the lines
//! both keep, and those one removed or added, in reading order. Computed on
//! the server, so the browser only shows the answer.

use crate::wire::{Change, DiffLine};

/// Past this many lines on both sides together, the table of common runs
/// would cost more than a comparison is worth: the whole old text is shown
/// removed and the whole new one added.
const MAX_LINES: usize = 4_000;

/// `old` and `new` compared line by line (a longest common subsequence).
pub fn lines(old: &str, new: &str) -> Vec<DiffLine> {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let line = |change, text: &str| DiffLine {
        change,
        text: text.to_owned(),
    };
    if old.len() + new.len() > MAX_LINES {
        return old
            .iter()
            .map(|text| line(Change::Removed, text))
            .chain(new.iter().map(|text| line(Change::Added, text)))
            .collect();
    }
    // common[i][j]: the longest run both keep of old[i..] and new[j..].
    let width = new.len() + 1;
    let mut common = vec![0u32; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i * width + j] = if old[i] == new[j] {
                common[(i + 1) * width + j + 1] + 1
            } else {
                common[(i + 1) * width + j].max(common[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            out.push(line(Change::Same, old[i]));
            i += 1;
            j += 1;
        } else if i < old.len()
            && (j == new.len() || common[(i + 1) * width + j] >= common[i * width + j + 1])
        {
            // Where either way keeps as much, the removal reads first.
            out.push(line(Change::Removed, old[i]));
            i += 1;
        } else {
            out.push(line(Change::Added, new[j]));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(diff: &[DiffLine]) -> Vec<String> {
        diff.iter()
            .map(|l| {
                let mark = match l.change {
                    Change::Same => ' ',
                    Change::Removed => '-',
                    Change::Added => '+',
                };
                format!("{mark}{}", l.text)
            })
            .collect()
    }

    #[test]
    fn keeps_common_lines_and_marks_the_rest() {
        let diff = lines("a\nb\nc\nd", "a\nc\nx\nd");
        assert_eq!(shown(&diff), [" a", "-b", " c", "+x", " d"]);
    }

    #[test]
    fn a_replaced_line_reads_as_removed_then_added() {
        let diff = lines("first\nold", "first\nnew");
        assert_eq!(shown(&diff), [" first", "-old", "+new"]);
    }

    #[test]
    fn the_same_text_has_no_changes_and_an_empty_side_is_all_one_change() {
        assert!(
            lines("گندم\nهرات", "گندم\nهرات")
                .iter()
                .all(|l| l.change == Change::Same)
        );
        assert_eq!(shown(&lines("", "new\ntext")), ["+new", "+text"]);
        assert_eq!(shown(&lines("old", "")), ["-old"]);
        assert!(lines("", "").is_empty());
    }

    #[test]
    fn every_line_of_both_sides_is_shown_once_in_order() {
        let old = "1\n2\n3\n4\n5\n6";
        let new = "0\n2\n3\n5\n7\n6\n8";
        let diff = lines(old, new);
        let kept_old: Vec<&str> = diff
            .iter()
            .filter(|l| l.change != Change::Added)
            .map(|l| l.text.as_str())
            .collect();
        let kept_new: Vec<&str> = diff
            .iter()
            .filter(|l| l.change != Change::Removed)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(kept_old, old.lines().collect::<Vec<_>>());
        assert_eq!(kept_new, new.lines().collect::<Vec<_>>());
        let same = diff.iter().filter(|l| l.change == Change::Same).count();
        assert_eq!(same, 4, "2, 3, 5 and 6 are kept: {:?}", shown(&diff));
    }

    #[test]
    fn very_long_texts_are_compared_whole() {
        let old = "x\n".repeat(MAX_LINES);
        let diff = lines(&old, "y");
        assert_eq!(diff.len(), MAX_LINES + 1);
        assert_eq!(diff.last().map(|l| l.change), Some(Change::Added));
    }
}
