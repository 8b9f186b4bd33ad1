//! Walks a rendered page as plain text and `<script>` elements, for the two
//! layers that rewrite scripts: the page cache's seal (nonce to digests) and
//! the data-saver layer (scripts out). Both read HTML the app rendered
//! itself, so a scan for the tag is enough; no HTML parser is needed.

/// One stretch of a page.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Anything outside a script element.
    Text(&'a str),
    /// A script element: its opening tag (with `<` and `>`), its text and
    /// its closing tag. An unterminated element ends the page: its `close`
    /// is empty, and without a `>` the whole rest is its `open`.
    Script {
        open: &'a str,
        body: &'a str,
        close: &'a str,
    },
}

const CLOSE: &str = "</script>";

/// The pieces of `html`, in order; joined, they give `html` back.
pub fn pieces(html: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = html;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(start) = rest.find("<script") else {
            return Some(Piece::Text(std::mem::take(&mut rest)));
        };
        if start > 0 {
            let (text, tail) = rest.split_at(start);
            rest = tail;
            return Some(Piece::Text(text));
        }
        let open_len = rest.find('>').map_or(rest.len(), |i| i + 1);
        let (open, after) = rest.split_at(open_len);
        let body_len = after.find(CLOSE).unwrap_or(after.len());
        let (body, after) = after.split_at(body_len);
        let close_len = if after.is_empty() { 0 } else { CLOSE.len() };
        let (close, after) = after.split_at(close_len);
        rest = after;
        Some(Piece::Script { open, body, close })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(html: &str) -> String {
        pieces(html)
            .map(|piece| match piece {
                Piece::Text(text) => text.to_owned(),
                Piece::Script { open, body, close } => format!("{open}{body}{close}"),
            })
            .collect()
    }

    #[test]
    fn text_and_scripts_come_apart_in_order() {
        let html = r#"<p>a</p><script type="module">go()</script><p>b</p><script>x</script>"#;
        assert_eq!(
            pieces(html).collect::<Vec<_>>(),
            vec![
                Piece::Text("<p>a</p>"),
                Piece::Script {
                    open: r#"<script type="module">"#,
                    body: "go()",
                    close: "</script>"
                },
                Piece::Text("<p>b</p>"),
                Piece::Script {
                    open: "<script>",
                    body: "x",
                    close: "</script>"
                },
            ]
        );
    }

    #[test]
    fn broken_pages_come_back_whole() {
        for html in [
            "",
            "no scripts",
            "<script>never closed",
            "<p>x</p><script",
            "<script></script><script>",
        ] {
            assert_eq!(joined(html), html);
        }
        assert_eq!(
            pieces("<p>x</p><script>never closed").last(),
            Some(Piece::Script {
                open: "<script>",
                body: "never closed",
                close: ""
            })
        );
    }
}
