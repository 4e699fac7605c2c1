//! Parsing steps. Hand-written rather than derived so that a mistake gets a message that says what a step is:
//! an object with exactly one key, the step's kind (`{"await_io": 3, "cpu": 1}` is two steps written as one),
//! and so that a list of steps longer than `MAX_STEPS` is rejected as soon as the limit is passed, not after
//! the whole list has been read.

use super::{default_true, Step, MAX_STEPS};
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;

/// The kinds of step, as JSON keys.
pub const STEP_KINDS: [&str; 7] = ["cpu", "await_io", "blocking_io", "gather", "sync_to_async", "db", "offload"];

fn kinds() -> String {
    STEP_KINDS.map(|k| format!("`{k}`")).join(", ")
}

/// A list of at most `MAX_STEPS` steps (a view's, or a gather's children).
#[derive(Debug)]
pub(crate) struct Steps(pub Vec<Step>);

impl<'de> Deserialize<'de> for Steps {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Steps;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a list of at most {MAX_STEPS} steps")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Steps, A::Error> {
                let mut steps = Vec::new();
                while let Some(step) = seq.next_element::<Step>()? {
                    if steps.len() == MAX_STEPS {
                        return Err(de::Error::custom(format!("at most {MAX_STEPS} steps (got more)")));
                    }
                    steps.push(step);
                }
                Ok(Steps(steps))
            }
        }
        d.deserialize_seq(V)
    }
}

/// `serde(deserialize_with)` for a view's steps.
pub(crate) fn bounded_steps<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Step>, D::Error> {
    Steps::deserialize(d).map(|s| s.0)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SyncToAsync {
    step: Box<Step>,
    #[serde(default = "default_true")]
    thread_sensitive: bool,
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Step;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a step: an object with exactly one key, its kind ({})", kinds())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Step, A::Error> {
                let Some(kind) = map.next_key::<String>()? else {
                    return Err(de::Error::custom(format!(
                        "empty step: a step has exactly one kind, one of {}",
                        kinds()
                    )));
                };
                let step = match kind.as_str() {
                    "cpu" => Step::Cpu(map.next_value()?),
                    "await_io" => Step::AwaitIo(map.next_value()?),
                    "blocking_io" => Step::BlockingIo(map.next_value()?),
                    "db" => Step::Db(map.next_value()?),
                    "offload" => Step::Offload(map.next_value()?),
                    "gather" => Step::Gather(map.next_value::<Steps>()?.0),
                    "sync_to_async" => {
                        let s: SyncToAsync = map.next_value()?;
                        Step::SyncToAsync { step: s.step, thread_sensitive: s.thread_sensitive }
                    }
                    other => {
                        return Err(de::Error::custom(format!(
                            "unknown step kind `{other}`: a step is one of {}",
                            kinds()
                        )))
                    }
                };
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format!(
                        "a step has exactly one kind, but this one has `{kind}` and `{extra}`: write them as two \
                         steps, one after the other (or inside a `gather` to run them concurrently)"
                    )));
                }
                Ok(step)
            }
        }
        d.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dist;

    #[test]
    fn every_kind_parses_and_round_trips() {
        let text = r#"[{"cpu": 1}, {"await_io": {"exp": 2}}, {"blocking_io": 3}, {"db": 4}, {"offload": 5},
            {"gather": [{"await_io": 1}, {"cpu": 2}]},
            {"sync_to_async": {"step": {"db": 5}}}, {"sync_to_async": {"step": {"cpu": 1}, "thread_sensitive": false}}]"#;
        let steps: Vec<Step> = serde_json::from_str(text).unwrap();
        assert_eq!(steps.len(), 8);
        assert_eq!(steps[1], Step::AwaitIo(Dist::Exp(2.0)));
        assert_eq!(steps[6], Step::SyncToAsync { step: Box::new(Step::Db(Dist::Fixed(5.0))), thread_sensitive: true });
        let back: Vec<Step> = serde_json::from_str(&serde_json::to_string(&steps).unwrap()).unwrap();
        assert_eq!(back, steps);
    }

    #[test]
    fn mistakes_get_messages_that_say_what_a_step_is() {
        let two = serde_json::from_str::<Step>(r#"{"await_io": 3, "cpu": 1}"#).unwrap_err().to_string();
        assert!(two.contains("exactly one kind") && two.contains("`await_io` and `cpu`"), "{two}");
        let unknown = serde_json::from_str::<Step>(r#"{"sleep": 1}"#).unwrap_err().to_string();
        assert!(unknown.contains("unknown step kind `sleep`") && unknown.contains("`offload`"), "{unknown}");
        let empty = serde_json::from_str::<Step>("{}").unwrap_err().to_string();
        assert!(empty.contains("empty step"), "{empty}");
        let number = serde_json::from_str::<Step>("5").unwrap_err().to_string();
        assert!(number.contains("exactly one key"), "{number}");
    }

    #[test]
    fn long_lists_stop_at_the_limit() {
        let ok = format!("[{}]", vec![r#"{"cpu": 1}"#; MAX_STEPS].join(","));
        assert_eq!(serde_json::from_str::<Steps>(&ok).unwrap().0.len(), MAX_STEPS);
        // The rest of a long list is not read: an error in it is never reached.
        let long = format!("[{}, {{\"cpu\": 1}}, not json at all", vec![r#"{"cpu": 1}"#; MAX_STEPS].join(","));
        let e = serde_json::from_str::<Steps>(&long).unwrap_err().to_string();
        assert!(e.contains("at most 64 steps"), "{e}");
    }
}
