//! The review of a missed goal: the answers to its four steps, however they
//! were given (flags, a JSON document or prompts), the rule that steps go
//! in order, and step 4's roll of the goal into the next period.
//!
//! Reading answers from a file or stdin (`Answers::from_source`) is input,
//! and stays with the command in `commands/review.rs`.

use std::collections::HashSet;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::ids::NewIds;
use super::roll::rolled;
use super::{GoalRow, evaluate_goal, find_goal, goal_period};
use crate::domain::attainment::Status;
use crate::domain::filter::FilterSpec;
use crate::domain::goal::Goal;
use crate::domain::ids::Id;
use crate::domain::period::parse_iso_date;
use crate::domain::review::{Action, ActionStatus, Cause, Review, STEPS};
use crate::store::Document;

/// Answers to the review's steps, however they were given.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answers {
    #[serde(default)]
    pub causes: Vec<String>,
    #[serde(default)]
    pub why: Option<String>,
    #[serde(default, alias = "improve")]
    pub improvements: Vec<String>,
    #[serde(default)]
    pub actions: Vec<NewAction>,
    #[serde(default)]
    pub follow_up: Option<String>,
    #[serde(default)]
    pub check_in: Option<String>,
}

/// An action as typed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewAction {
    pub text: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub measure: Option<String>,
}

impl NewAction {
    /// Parses `"TEXT; owner=O; due=DATE; measure=M"`.
    pub fn parse(spec: &str) -> Result<NewAction> {
        let mut parts = spec.split(';').map(str::trim);
        let text = parts.next().unwrap_or_default().to_string();
        let mut action = NewAction {
            text,
            ..NewAction::default()
        };
        for part in parts.filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(|| {
                anyhow!("--action '{spec}': '{part}' is not key=value; write \"TEXT; owner=O; due=YYYY-MM-DD; measure=M\"")
            })?;
            let value = Some(value.trim().to_string());
            match key.trim().to_ascii_lowercase().as_str() {
                "owner" => action.owner = value,
                "due" => action.due = value,
                "measure" => action.measure = value,
                other => bail!(
                    "--action '{spec}': '{other}' is not a field; use owner=, due= and measure="
                ),
            }
        }
        Ok(action)
    }
}

impl Answers {
    pub fn is_empty(&self) -> bool {
        *self == Answers::default()
    }

    /// Adds flags to answers from a document (flags win).
    pub fn merge(mut self, flags: Answers) -> Answers {
        if !flags.causes.is_empty() {
            self.causes = flags.causes;
        }
        if flags.why.is_some() {
            self.why = flags.why;
        }
        if !flags.improvements.is_empty() {
            self.improvements = flags.improvements;
        }
        self.actions.extend(flags.actions);
        if flags.follow_up.is_some() {
            self.follow_up = flags.follow_up;
        }
        if flags.check_in.is_some() {
            self.check_in = flags.check_in;
        }
        self
    }
}

/// What a step needs, by step, for error messages.
const STEP_FLAGS: [&str; 4] = [
    "step 1: --cause CAUSE --why TEXT",
    "step 2: --improve AREA",
    "step 3: --action \"TEXT; owner=O; due=YYYY-MM-DD; measure=M\"",
    "step 4: --follow-up GOAL|next and/or --check-in YYYY-MM-DD",
];

/// The flags still needed, from the first unfinished step on.
pub fn remaining(review: &Review) -> Vec<&'static str> {
    STEP_FLAGS[usize::from(review.steps.min(4))..].to_vec()
}

/// Why a goal cannot be reviewed (only a missed goal can): its status and
/// attainment, for the caller to put into words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NotMissed {
    pub status: Status,
    pub attainment: Option<Decimal>,
}

/// The goal named `id`, evaluated on `as_of`, when it is missed; any other
/// goal is refused as [`NotMissed`]. The outer error is for a goal that
/// does not exist ("did you mean") or cannot be evaluated.
pub fn missed_row<'a>(
    document: &'a Document,
    id: &str,
    as_of: NaiveDate,
) -> Result<Result<GoalRow<'a>, NotMissed>> {
    let row = evaluate_goal(document, id, as_of)?;
    let status = row.evaluation.status;
    Ok(if status == Status::Missed {
        Ok(row)
    } else {
        Err(NotMissed {
            status,
            attainment: row.evaluation.attainment,
        })
    })
}

/// Applies answers to the goal's review (created `now` if needed). Steps
/// go in order: answers for a step are refused while an earlier step is not
/// done. A new action gets its id from `ids`.
pub fn apply(
    document: &mut Document,
    goal_id: &str,
    answers: &Answers,
    now: DateTime<Utc>,
    ids: &mut NewIds,
) -> Result<Review> {
    let causes = answers
        .causes
        .iter()
        .map(|c| c.parse::<Cause>().map_err(|e| anyhow!("--cause: {e}")))
        .collect::<Result<Vec<_>>>()?;
    let check_in = answers
        .check_in
        .as_deref()
        .map(|d| parse_date("--check-in", d))
        .transpose()?;
    let mut actions = Vec::new();
    for new in &answers.actions {
        let text = new.text.trim();
        if text.is_empty() {
            bail!("--action has no text; write \"TEXT; owner=O; due=YYYY-MM-DD; measure=M\"");
        }
        let due = new
            .due
            .as_deref()
            .map(|d| parse_date("--action due", d))
            .transpose()?;
        actions.push(Action {
            // Drawn below for the actions that are new.
            id: Id::from(""),
            text: text.to_string(),
            owner: new.owner.clone().filter(|o| !o.trim().is_empty()),
            due,
            measure: new.measure.clone().filter(|m| !m.trim().is_empty()),
            status: ActionStatus::Open,
            check_ins: Vec::new(),
        });
    }
    let follow_up = match answers.follow_up.as_deref().map(str::trim) {
        None => None,
        Some("next") => Some(roll_forward(document, goal_id, now)?),
        Some(other) => Some(find_goal(document, other)?.id.clone()),
    };

    let mut review = document
        .review(goal_id)
        .cloned()
        .unwrap_or_else(|| Review::new(goal_id, now));
    if !causes.is_empty() {
        review.causes = causes;
    }
    if let Some(why) = &answers.why {
        review.why = why.trim().to_string();
    }
    require(&review, 1, !answers.improvements.is_empty(), "--improve")?;
    let improvements: Vec<String> = answers
        .improvements
        .iter()
        .map(|i| i.trim().to_string())
        .filter(|i| !i.is_empty())
        .collect();
    if !improvements.is_empty() {
        review.improvements = improvements;
    }
    require(&review, 2, !actions.is_empty(), "--action")?;
    for action in actions {
        // The same plan given twice adds nothing twice; given again with a
        // new owner, due date or measure, it changes the action.
        match review
            .actions
            .iter_mut()
            .find(|a| a.text.eq_ignore_ascii_case(&action.text))
        {
            Some(existing) => {
                if action.owner.is_some() {
                    existing.owner = action.owner;
                }
                if action.due.is_some() {
                    existing.due = action.due;
                }
                if action.measure.is_some() {
                    existing.measure = action.measure;
                }
            }
            None => {
                let id = ids.draw(|id| document.actions().any(|(_, a)| a.id == *id));
                review.actions.push(Action { id, ..action });
            }
        }
    }
    require(
        &review,
        3,
        follow_up.is_some() || check_in.is_some(),
        "--follow-up/--check-in",
    )?;
    if follow_up.is_some() {
        review.follow_up = follow_up;
    }
    if check_in.is_some() {
        review.check_in = check_in;
    }
    review.steps = completed_steps(&review);
    store_review(document, review.clone());
    Ok(review)
}

/// Refuses answers for step `step + 1` while steps up to `step` are not done.
fn require(review: &Review, step: u8, given: bool, flag: &str) -> Result<()> {
    let done = completed_steps(review);
    if given && done < step {
        bail!(
            "{flag} answers step {} ({}), but step {} ({}) is not done yet; give {} too",
            step + 1,
            STEPS[usize::from(step)],
            done + 1,
            STEPS[usize::from(done)],
            STEP_FLAGS[usize::from(done)]
        );
    }
    Ok(())
}

/// Parses a `YYYY-MM-DD` date answered for a flag, in the words
/// `commands::parse_date` uses for every other flag.
fn parse_date(flag: &str, text: &str) -> Result<NaiveDate> {
    parse_iso_date(text.trim()).ok_or_else(|| {
        anyhow!(
            "{flag}: '{}' is not a valid date; write YYYY-MM-DD, e.g. 2026-11-27",
            crate::domain::text::echo(text)
        )
    })
}

/// How many steps, from the first, have their answers.
pub fn completed_steps(review: &Review) -> u8 {
    let done = [
        !review.causes.is_empty() && !review.why.is_empty(),
        !review.improvements.is_empty(),
        !review.actions.is_empty(),
        review.follow_up.is_some() || review.check_in.is_some(),
    ];
    done.iter().take_while(|d| **d).count() as u8
}

/// Puts `review` in the document, in place of the goal's review if any.
pub fn store_review(document: &mut Document, review: Review) {
    match document.reviews.iter_mut().find(|r| r.goal == review.goal) {
        Some(slot) => *slot = review,
        None => document.reviews.push(review),
    }
}

/// The goal rolling `goal_id` into its next period with the same target
/// would make (created `now`), whether or not a previous roll added it.
pub fn next_period_goal(document: &Document, goal_id: &str, now: DateTime<Utc>) -> Result<Goal> {
    let source = find_goal(document, goal_id)?;
    let period = goal_period(document, source)?;
    let next = period
        .next(document.settings.fiscal_year_start)
        .ok_or_else(|| anyhow!("goal '{goal_id}' has no next period to roll into"))?;
    // A goal of the same owner and metric for the next period, whatever
    // its id, is the follow-up: it has its own, real target.
    let existing = document.goals.iter().find(|g| {
        g.owner == source.owner
            && g.metric == source.metric
            && goal_period(document, g).is_ok_and(|p| p.start == next.start && p.end == next.end)
    });
    match existing {
        Some(goal) => Ok(goal.clone()),
        None => rolled(document, source, &next, now),
    }
}

/// Rolls the missed goal into the next period with the same target (or
/// finds the goal a previous roll made) and returns its id.
pub fn roll_forward(document: &mut Document, goal_id: &str, now: DateTime<Utc>) -> Result<String> {
    let goal = next_period_goal(document, goal_id, now)?;
    let id = goal.id.clone();
    if document.goal(&id).is_none() {
        document.goals.push(goal);
    }
    Ok(id)
}

/// The date a follow-up check-in is suggested for: two weeks into the next
/// period, or two weeks from the as-of date.
pub fn suggested_check_in(as_of: NaiveDate) -> NaiveDate {
    as_of
        .checked_add_days(chrono::Days::new(14))
        .unwrap_or(as_of)
}

/// Which actions are owed: the overdue ones of reviews whose goal is still
/// missed. A review whose goal became met (a late result, a target
/// corrected) stays readable, and its actions stop counting as owed.
#[derive(Debug, Clone, Default)]
pub struct Owing {
    pub as_of: NaiveDate,
    /// Reviewed goals that are met now.
    settled: HashSet<String>,
}

impl Owing {
    /// For every review of the document, as of a date.
    pub fn new(document: &Document, as_of: NaiveDate) -> Result<Self> {
        let rows = crate::ledger::evaluate_goals(document, &FilterSpec::default(), as_of)?;
        Ok(Self::from_rows(document, &rows, as_of))
    }

    /// From every goal already evaluated as of `as_of`.
    pub fn from_rows(document: &Document, rows: &[GoalRow], as_of: NaiveDate) -> Self {
        let reviewed: HashSet<&str> = document.reviews.iter().map(|r| r.goal.as_str()).collect();
        let settled = rows
            .iter()
            .filter(|row| reviewed.contains(row.goal.id.as_str()))
            .filter(|row| row.evaluation.status == Status::Met)
            .map(|row| row.goal.id.clone())
            .collect();
        Owing { as_of, settled }
    }

    /// For views of one goal whose standing is known.
    pub fn one(goal: &str, met: bool, as_of: NaiveDate) -> Self {
        Owing {
            as_of,
            settled: if met {
                HashSet::from([goal.to_string()])
            } else {
                HashSet::new()
            },
        }
    }

    /// Whether the review of `goal` is settled by its goal being met.
    pub fn is_settled(&self, goal: &str) -> bool {
        self.settled.contains(goal)
    }

    /// Whether an action of the review of `goal` is overdue and owed.
    pub fn overdue(&self, goal: &str, action: &Action) -> bool {
        !self.is_settled(goal) && action.is_overdue(self.as_of)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::ledger::identity;
    use crate::ledger::results::{NewResult, Recorder};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The clock when the review starts.
    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 10, 5, 9, 0, 0).unwrap()
    }

    /// After 2026-Q3 has closed.
    fn as_of() -> NaiveDate {
        date(2026, 11, 27)
    }

    const MISSED: &str = "east-revenue-2026-q3";

    fn goal(id: &str, metric: &str, period: &str, target: &str) -> Goal {
        Goal {
            id: id.into(),
            title: format!("East {metric} {period}"),
            owner: "east".into(),
            metric: metric.into(),
            unit: "USD".into(),
            period: period.into(),
            target: target.parse().unwrap(),
            stretch: None,
            direction: Default::default(),
            aggregate: Default::default(),
            tags: Vec::new(),
            created: Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap(),
        }
    }

    /// East missed 2026-Q3 revenue (50k of 100k) and met its 2026-Q3 calls
    /// (12 of 10); 2026-Q4 is open and 2027-Q1 has not started.
    fn document() -> Document {
        let mut document = Document::default();
        identity::register(&mut document, "east").unwrap();
        document.goals.extend([
            goal(MISSED, "revenue", "2026-Q3", "100000"),
            goal("east-calls-2026-q3", "calls", "2026-Q3", "10"),
            goal("east-calls-2026-q4", "calls", "2026-Q4", "10"),
            goal("east-calls-2027-q1", "calls", "2027-Q1", "10"),
        ]);
        let mut n = 0u64;
        let mut recorder = Recorder::new(move || {
            n += 1 << 20;
            n
        });
        for (metric, value, date) in [
            ("revenue", "50000", date(2026, 7, 15)),
            ("calls", "12", date(2026, 8, 3)),
        ] {
            recorder.add_or_update(
                &mut document,
                &NewResult {
                    owner: "east",
                    metric,
                    date,
                    value: value.parse().unwrap(),
                    note: None,
                    reference: None,
                },
            );
        }
        document
    }

    fn action(id: u64, text: &str) -> Action {
        Action {
            id: Id(id.to_string().into()),
            text: text.into(),
            owner: None,
            due: None,
            measure: None,
            status: ActionStatus::Open,
            check_ins: Vec::new(),
        }
    }

    /// [`super::apply`] with new ids from a counter: 1, 2, 3, ...
    fn apply(
        document: &mut Document,
        goal_id: &str,
        answers: &Answers,
        now: DateTime<Utc>,
    ) -> Result<Review> {
        let mut n = 0;
        let mut ids = NewIds::from_bits(move || {
            n += 1;
            n
        });
        super::apply(document, goal_id, answers, now, &mut ids)
    }

    fn error(result: Result<Review>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn a_check_in_is_suggested_two_weeks_after_the_as_of_date() {
        assert_eq!(suggested_check_in(date(2026, 11, 27)), date(2026, 12, 11));
        assert_eq!(suggested_check_in(date(2026, 12, 25)), date(2027, 1, 8));
        assert_eq!(suggested_check_in(date(2028, 2, 20)), date(2028, 3, 5));
        assert_eq!(suggested_check_in(NaiveDate::MAX), NaiveDate::MAX);
    }

    #[test]
    fn steps_count_from_the_first_until_one_is_not_done() {
        let mut review = Review::new(MISSED, now());
        assert_eq!(completed_steps(&review), 0);
        review.causes = vec![Cause::Pipeline];
        assert_eq!(completed_steps(&review), 0, "a cause without why");
        review.why = "thin pipeline".into();
        assert_eq!(completed_steps(&review), 1);
        review.actions.push(action(1, "weekly pipeline review"));
        assert_eq!(completed_steps(&review), 1, "a plan without areas");
        review.improvements = vec!["qualify earlier".into()];
        assert_eq!(completed_steps(&review), 3);
        review.check_in = Some(date(2026, 12, 11));
        assert_eq!(completed_steps(&review), 4);
        review.check_in = None;
        review.follow_up = Some("east-revenue-2026-q4".into());
        assert_eq!(completed_steps(&review), 4);
        review.why.clear();
        assert_eq!(completed_steps(&review), 0);
    }

    #[test]
    fn the_flags_still_needed_start_at_the_first_unfinished_step() {
        let mut review = Review::new(MISSED, now());
        assert_eq!(remaining(&review), STEP_FLAGS);
        review.steps = 3;
        assert_eq!(
            remaining(&review),
            ["step 4: --follow-up GOAL|next and/or --check-in YYYY-MM-DD"]
        );
        review.steps = 4;
        assert!(remaining(&review).is_empty());
    }

    #[test]
    fn actions_parse_from_one_line() {
        let parsed = NewAction::parse(
            "Weekly pipeline review; Owner=Maria; due=2026-12-15; measure=4 a week",
        )
        .unwrap();
        assert_eq!(
            parsed,
            NewAction {
                text: "Weekly pipeline review".into(),
                owner: Some("Maria".into()),
                due: Some("2026-12-15".into()),
                measure: Some("4 a week".into()),
            }
        );
        assert_eq!(
            NewAction::parse("Call more; when=now")
                .unwrap_err()
                .to_string(),
            "--action 'Call more; when=now': 'when' is not a field; use owner=, due= and measure="
        );
        assert!(
            NewAction::parse("Call more; soon")
                .unwrap_err()
                .to_string()
                .contains("'soon' is not key=value")
        );
    }

    #[test]
    fn answers_go_in_step_order_and_keep_when_the_review_started() {
        let mut document = document();
        // Step 2 before step 1: refused, and nothing is stored.
        let improve = Answers {
            improvements: vec!["qualify earlier".into()],
            ..Answers::default()
        };
        assert_eq!(
            error(apply(&mut document, MISSED, &improve, now())),
            "--improve answers step 2 (identify areas for improvement), but step 1 (analyze the \
             cause) is not done yet; give step 1: --cause CAUSE --why TEXT too"
        );
        assert!(document.review(MISSED).is_none());

        let cause = Answers {
            causes: vec!["pipeline".into()],
            why: Some(" thin pipeline ".into()),
            ..Answers::default()
        };
        let review = apply(&mut document, MISSED, &cause, now()).unwrap();
        assert_eq!(review.steps, 1);
        assert_eq!(review.started, now());
        assert_eq!(review.causes, [Cause::Pipeline]);
        assert_eq!(review.why, "thin pipeline");
        assert_eq!(document.review(MISSED), Some(&review));

        // Step 3 before step 2: refused.
        let plan = Answers {
            actions: vec![
                NewAction::parse("Weekly pipeline review; owner=Maria; due=2026-12-15").unwrap(),
            ],
            ..Answers::default()
        };
        assert_eq!(
            error(apply(&mut document, MISSED, &plan, now())),
            "--action answers step 3 (create an action plan), but step 2 (identify areas for \
             improvement) is not done yet; give step 2: --improve AREA too"
        );

        // Steps 2 to 4 at once, a day later: the same plan given twice is
        // one action, and the review still started when it did.
        let rest = Answers {
            improvements: vec![" qualify earlier ".into(), " ".into()],
            actions: vec![
                plan.actions[0].clone(),
                NewAction {
                    text: "weekly PIPELINE review".into(),
                    ..NewAction::default()
                },
            ],
            check_in: Some("2026-12-11".into()),
            ..Answers::default()
        };
        let later = now() + chrono::Duration::days(1);
        let review = apply(&mut document, MISSED, &rest, later).unwrap();
        assert_eq!(review.steps, 4);
        assert_eq!(review.started, now());
        assert_eq!(review.improvements, ["qualify earlier"]);
        assert_eq!(review.actions.len(), 1);
        let first = &review.actions[0];
        assert_eq!(first.id, Id::from_bits(1));
        assert_eq!(first.owner.as_deref(), Some("Maria"));
        assert_eq!(first.due, Some(date(2026, 12, 15)));
        assert_eq!(review.check_in, Some(date(2026, 12, 11)));
        assert_eq!(review.follow_up, None);
        assert_eq!(document.reviews, [review]);

        // The plan again with a new due date and owner: the action changes.
        let moved = Answers {
            actions: vec![
                NewAction::parse("Weekly pipeline review; owner=Bo; due=2027-01-10").unwrap(),
            ],
            ..Answers::default()
        };
        let review = apply(&mut document, MISSED, &moved, later).unwrap();
        assert_eq!(review.actions.len(), 1);
        assert_eq!(review.actions[0].id, Id::from_bits(1));
        assert_eq!(review.actions[0].due, Some(date(2027, 1, 10)));
        assert_eq!(review.actions[0].owner.as_deref(), Some("Bo"));
        assert_eq!(review.actions[0].measure, None);
    }

    #[test]
    fn answers_that_do_not_parse_are_refused_by_their_flag() {
        let mut document = document();
        let refused = |document: &mut Document, answers: Answers| {
            error(apply(document, MISSED, &answers, now()))
        };
        let message = refused(
            &mut document,
            Answers {
                causes: vec!["luck".into()],
                ..Answers::default()
            },
        );
        assert!(message.starts_with("--cause: "), "{message}");
        assert_eq!(
            refused(
                &mut document,
                Answers {
                    check_in: Some("2026-13-01".into()),
                    ..Answers::default()
                }
            ),
            "--check-in: '2026-13-01' is not a valid date; write YYYY-MM-DD, e.g. 2026-11-27"
        );
        assert_eq!(
            refused(
                &mut document,
                Answers {
                    actions: vec![NewAction::parse("  ; owner=Maria").unwrap()],
                    ..Answers::default()
                }
            ),
            "--action has no text; write \"TEXT; owner=O; due=YYYY-MM-DD; measure=M\""
        );
        assert!(
            refused(
                &mut document,
                Answers {
                    follow_up: Some("nope".into()),
                    ..Answers::default()
                }
            )
            .contains("no goal named 'nope'")
        );
        assert!(document.reviews.is_empty());
        assert_eq!(document.goals.len(), 4);
    }

    #[test]
    fn a_missed_goal_rolls_into_the_next_period_once() {
        let mut document = document();
        let id = roll_forward(&mut document, MISSED, now()).unwrap();
        assert_eq!(id, "east-revenue-2026-q4");
        let goal = document.goal(&id).unwrap();
        assert_eq!(goal.period, "2026-Q4");
        assert_eq!(goal.title, "East revenue 2026-Q4");
        assert_eq!(goal.target, "100000".parse().unwrap());
        assert_eq!(
            (goal.owner.as_str(), goal.metric.as_str()),
            ("east", "revenue")
        );
        assert_eq!(goal.created, now());
        // Rolling again finds the goal the first roll made.
        let later = now() + chrono::Duration::days(1);
        assert_eq!(roll_forward(&mut document, MISSED, later).unwrap(), id);
        assert_eq!(document.goals.len(), 5);
        assert_eq!(document.goal(&id).unwrap().created, now());
        // Without adding it, the next period's goal is the same one.
        assert_eq!(next_period_goal(&document, MISSED, now()).unwrap().id, id);
    }

    #[test]
    fn an_existing_next_period_goal_of_the_owner_and_metric_is_the_follow_up() {
        let mut document = document();
        let mut planned = document.goal(MISSED).unwrap().clone();
        planned.id = "east-q4-plan".into();
        planned.period = "2026-Q4".into();
        planned.target = "120000".parse().unwrap();
        document.goals.push(planned);
        let next = next_period_goal(&document, MISSED, now()).unwrap();
        assert_eq!(next.id, "east-q4-plan");
        assert_eq!(next.target, "120000".parse().unwrap());
        let goals = document.goals.len();
        assert_eq!(
            roll_forward(&mut document, MISSED, now()).unwrap(),
            "east-q4-plan"
        );
        assert_eq!(document.goals.len(), goals);
    }

    #[test]
    fn new_actions_get_ids_no_action_of_the_file_has() {
        let mut document = document();
        // Another review's action holds the first id the counter gives.
        let mut other = Review::new("east-calls-2026-q3", now());
        other.actions.push(Action {
            id: Id::from_bits(1),
            ..action(0, "Call more")
        });
        document.reviews.push(other);
        let answers = Answers {
            causes: vec!["pipeline".into()],
            why: Some("thin pipeline".into()),
            improvements: vec!["qualify earlier".into()],
            actions: vec![
                NewAction::parse("Weekly pipeline review").unwrap(),
                NewAction::parse("Coach on discovery").unwrap(),
            ],
            ..Answers::default()
        };
        let review = apply(&mut document, MISSED, &answers, now()).unwrap();
        let ids: Vec<&Id> = review.actions.iter().map(|a| &a.id).collect();
        assert_eq!(ids, [&Id::from_bits(2), &Id::from_bits(3)]);
        // A later command's counter starts again: the ids taken are skipped.
        let more = Answers {
            actions: vec![NewAction::parse("Join two calls a week").unwrap()],
            ..Answers::default()
        };
        let review = apply(&mut document, MISSED, &more, now()).unwrap();
        assert_eq!(review.actions[2].id, Id::from_bits(4));
        assert!(document.validate().is_ok());
    }

    #[test]
    fn follow_up_next_rolls_the_goal_in_step_4() {
        let mut document = document();
        let answers = Answers {
            causes: vec!["pipeline".into()],
            why: Some("thin pipeline".into()),
            improvements: vec!["qualify earlier".into()],
            actions: vec![NewAction::parse("Weekly pipeline review").unwrap()],
            follow_up: Some(" next ".into()),
            ..Answers::default()
        };
        let review = apply(&mut document, MISSED, &answers, now()).unwrap();
        assert_eq!(review.steps, 4);
        assert_eq!(review.follow_up.as_deref(), Some("east-revenue-2026-q4"));
        assert!(document.goal("east-revenue-2026-q4").is_some());
    }

    #[test]
    fn only_a_missed_goal_is_a_missed_row() {
        let document = document();
        let row = missed_row(&document, MISSED, as_of()).unwrap().unwrap();
        assert_eq!(row.goal.id, MISSED);
        assert_eq!(row.evaluation.attainment, Some(Decimal::new(5, 1)));

        let met = missed_row(&document, "east-calls-2026-q3", as_of())
            .unwrap()
            .unwrap_err();
        assert!(met.status.is_success(), "{met:?}");
        assert_eq!(met.attainment, Some(Decimal::new(12, 1)));
        let upcoming = missed_row(&document, "east-calls-2027-q1", as_of())
            .unwrap()
            .unwrap_err();
        assert_eq!(upcoming.status, Status::Upcoming);
        let open = missed_row(&document, "east-calls-2026-q4", as_of())
            .unwrap()
            .unwrap_err();
        assert!(
            !matches!(open.status, Status::Missed | Status::Upcoming),
            "{open:?}"
        );
        assert!(
            missed_row(&document, "east-revenue-2026-q", as_of())
                .unwrap_err()
                .to_string()
                .contains("did you mean 'east-revenue-2026-q3'")
        );
    }
}
