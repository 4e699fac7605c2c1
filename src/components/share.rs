//! Sharing: copy a link that reproduces the picture (scene, every parameter, seed, language, playback time), and
//! the embed code (an iframe, or the Jekyll include) for the current scene.

use crate::i18n::{tr, Lang, T};
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// The link for the current state (built when the button is pressed).
    pub link: Callback<(), String>,
    /// The current scene (for the embed code).
    pub scene: Option<&'static str>,
    /// Base URL of the site (for the embed code).
    pub base: String,
}

fn copy(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// The share bar.
#[component]
pub fn Share(p: &Props) -> Html {
    let l = p.lang;
    let copied = use_state(|| false);
    let last = use_state(String::new);
    let on_copy = {
        let (link, copied, last) = (p.link.clone(), copied.clone(), last.clone());
        Callback::from(move |_: MouseEvent| {
            let url = link.emit(());
            copy(&url);
            last.set(url);
            copied.set(true);
        })
    };
    let scene = p.scene.unwrap_or("gather");
    let iframe = format!(
        "<iframe data-loop-lab src=\"{base}?embed=1&scene={scene}&lang={lang}\" title=\"Loop Lab\" loading=\"lazy\" width=\"100%\" height=\"640\" frameborder=\"0\"></iframe>\n<script src=\"{base}embed/embed.js\" defer></script>",
        base = p.base,
        lang = l.code()
    );
    let include = format!("{{% include loop-lab.html scene=\"{scene}\" lang=\"{}\" %}}", l.code());
    html! {
        <div class="share">
            <button type="button" data-testid="copy-link" onclick={on_copy}>{tr(l, T::CopyLink)}</button>
            if *copied {
                <span class="note" role="status">{tr(l, T::Copied)}{": "}<code data-testid="copied-link">{(*last).clone()}</code></span>
            }
            <details>
                <summary data-testid="embed-code">{tr(l, T::EmbedCode)}</summary>
                <p class="note">{tr(l, T::EmbedHelp)}</p>
                <label class="visually-hidden" for="embed-iframe">{"iframe"}</label>
                <textarea id="embed-iframe" readonly=true rows="4" value={iframe} />
                <label class="visually-hidden" for="embed-include">{"Jekyll include"}</label>
                <textarea id="embed-include" readonly=true rows="1" value={include} />
            </details>
        </div>
    }
}
