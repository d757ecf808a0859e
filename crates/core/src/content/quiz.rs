//! A self-check quiz on the device: the reader's choices, whether they may see the answers yet,
//! and the score.

use super::Quiz;
use crate::i18n::Lang;

/// The result of checking a quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    /// Questions answered right.
    pub correct: usize,
    /// Questions answered at all.
    pub answered: usize,
    pub total: usize,
}

impl Score {
    /// "答对 4 题，共 6 题" / "4 of 6 right".
    pub fn text(self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("共 {} 题，答对 {} 题。", self.total, self.correct),
            Lang::En => format!("{} of {} right.", self.correct, self.total),
        }
    }
}

/// What pressing "check" leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// Some questions have no answer yet (their 0-based positions): the answers stay hidden
    /// unless the reader chooses to see them.
    Incomplete { unanswered: Vec<usize> },
    /// Every question is answered: the score, and the answers may be shown.
    Scored(Score),
}

/// Scores `answers` (one per question, the chosen choice's index) against `quiz`; a missing or
/// out-of-range answer counts as not answered.
pub fn score(quiz: &Quiz, answers: &[Option<usize>]) -> Score {
    let mut s = Score { correct: 0, answered: 0, total: quiz.questions.len() };
    for (i, q) in quiz.questions.iter().enumerate() {
        let given = answers.get(i).copied().flatten().filter(|&c| c < q.choices_zh.len().max(q.choices_en.len()));
        if let Some(c) = given {
            s.answered += 1;
            if c == q.answer as usize {
                s.correct += 1;
            }
        }
    }
    s
}

/// Checks the quiz: incomplete while any question is unanswered, else scored.
pub fn check(quiz: &Quiz, answers: &[Option<usize>]) -> Checked {
    let s = score(quiz, answers);
    if s.answered < s.total {
        let unanswered = (0..s.total)
            .filter(|&i| {
                let n = quiz.questions[i].choices_zh.len().max(quiz.questions[i].choices_en.len());
                answers.get(i).copied().flatten().is_none_or(|c| c >= n)
            })
            .collect();
        Checked::Incomplete { unanswered }
    } else {
        Checked::Scored(s)
    }
}

/// "第 2、4 题还没有作答。" / "Questions 2 and 4 are not answered yet." (1-based in the text).
pub fn unanswered_text(unanswered: &[usize], lang: Lang) -> String {
    let nums: Vec<String> = unanswered.iter().map(|i| (i + 1).to_string()).collect();
    match lang {
        Lang::Zh => format!("第 {} 题还没有作答。", nums.join("、")),
        Lang::En => match nums.as_slice() {
            [one] => format!("Question {one} is not answered yet."),
            [rest @ .., last] => format!("Questions {} and {last} are not answered yet.", rest.join(", ")),
            [] => String::new(),
        },
    }
}
