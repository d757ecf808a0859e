//! `/learn`, `/learn/:id`, `/learn/lessons/:level`, `/glossary` and `/plan`: the science pages,
//! the quizzes, the teachers' materials and the city's plan, all from the feed's content.

use crate::api::{self, FetchError};
use crate::components::layout::PageHead;
use crate::components::loaded::{data_view, loaded, resource_view};
use crate::components::rich::{Rich, provide_titles};
use crate::i18n::{localized, set_named_title, set_title, t, use_lang};
use crate::load::Load;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use portal_core::content::quiz::{Checked, check, score, unanswered_text};
use portal_core::content::{ContentIndex, Explainer, GRADES, Handout, Lesson, Progress, Quiz, grade_name};
use portal_core::feed::reference::Verification;
use portal_core::i18n::{Lang, Msg, entry_label, format_date, format_source_date};

/// Renders `f(version)` once the current feed version is known (loading and errors handled).
fn with_version<V: IntoView + 'static>(f: impl Fn(String) -> V + Send + Sync + 'static) -> impl IntoView {
    data_view(move |d| f(d.version().to_owned()))
}

/// A resource that loads `load(version)`.
fn load_in<T: 'static, Fut>(version: String, load: impl Fn(String) -> Fut + 'static) -> Load<T>
where
    Fut: std::future::Future<Output = Result<T, FetchError>> + 'static,
{
    crate::load::load(move || load(version.clone()))
}

/// A resource that loads `load(version, name)`: a content file named in the route.
fn load_named<T: 'static, Fut>(version: String, name: String, load: impl Fn(String, String) -> Fut + 'static) -> Load<T>
where
    Fut: std::future::Future<Output = Result<T, FetchError>> + 'static,
{
    load_in(version, move |v| load(v, name.clone()))
}

/// The route's parameter `key` (empty when missing).
fn route_param(key: &'static str) -> String {
    use_params_map().with_untracked(|p| p.get(key).unwrap_or_default())
}

/// [`resource_view`] for a page of content: a 404 says the content does not exist.
fn show_page<T: Clone + 'static, V: IntoView + 'static>(
    r: Load<T>,
    view_of: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let state = move || {
        r.get().map(|res| match res {
            Err(FetchError::Status(404)) => Ok(None),
            other => other.map(Some),
        })
    };
    loaded(state, Callback::new(move |()| r.refetch()), move |page| match page {
        Some(v) => view_of(v).into_any(),
        None => view! { <h1 tabindex="-1">{t(Msg::ContentNotFound)}</h1> }.into_any(),
    })
}

fn paragraphs(lang: Lang, zh: &[String], en: &[String]) -> impl IntoView + use<> {
    let list = if lang == Lang::Zh { zh.to_vec() } else { en.to_vec() };
    list.into_iter().map(|p| view! { <p><Rich text=p/></p> }).collect_view()
}

/// `/learn`.
#[component]
pub fn LearnPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageHead heading=Msg::LearnHeading lead=Msg::LearnIntro title=Msg::NavLearn/>
        {with_version(move |v| resource_view(load_in(v, |v| async move { api::load_content_index(&v).await }), move |ix: ContentIndex| {
            let lang = lang.get();
            view! {
                <h2>{Msg::ExplainersHeading.text(lang)}</h2>
                <ul class="cards">
                    {ix.explainers.iter().map(|e| {
                        let href = localized(&format!("/learn/{}", e.id), lang);
                        let title = lang.pick(&e.title_zh, &e.title_en).to_owned();
                        let summary = lang.pick(&e.summary_zh, &e.summary_en).to_owned();
                        view! { <li><h3><A href=href>{title}</A></h3><p>{summary}</p></li> }
                    }).collect_view()}
                </ul>
                <h2>{Msg::LessonsHeading.text(lang)}</h2>
                <h3>{Msg::LessonsByGrade.text(lang)}</h3>
                {GRADES.iter().filter(|g| ix.lessons.iter().any(|l| l.grade == g.0)).map(|g| {
                    let items = ix.lessons.iter().filter(|l| l.grade == g.0).map(|l| {
                        let href = localized(&format!("/learn/lessons/{}", l.level), lang);
                        let title = lang.pick(&l.title_zh, &l.title_en).to_owned();
                        let topics = l.explainers.iter().filter_map(|id| ix.explainer_title(id, lang)).collect::<Vec<_>>().join(lang.pick("、", "; "));
                        let meta = format!("{} {} · {}", l.duration_minutes, Msg::LessonMinutes.text(lang), topics);
                        view! { <li><A href=href>{title}</A><br/><span class="note">{meta}</span></li> }
                    }).collect_view();
                    view! { <h4>{lang.pick(g.1, g.2)}</h4><ul class="lessons">{items}</ul> }
                }).collect_view()}
                <h3>{Msg::LessonsByTopic.text(lang)}</h3>
                <dl class="by-topic">
                    {ix.explainers.iter().map(|e| {
                        let lessons = ix.lessons.iter().filter(|l| l.explainers.contains(&e.id)).map(|l| {
                            let href = localized(&format!("/learn/lessons/{}", l.level), lang);
                            let title = lang.pick(&l.title_zh, &l.title_en).to_owned();
                            let grade = format!(" · {}", grade_name(&l.grade, lang));
                            view! { <li><A href=href>{title}</A>{grade}</li> }
                        }).collect_view();
                        view! { <dt>{lang.pick(&e.title_zh, &e.title_en).to_owned()}</dt><dd><ul>{lessons}</ul></dd> }
                    }).collect_view()}
                </dl>
                <p>
                    <A href=localized("/glossary", lang)>{Msg::GlossaryHeading.text(lang)}</A>
                    " · "
                    <A href=localized("/plan", lang)>{Msg::PlanHeading.text(lang)}</A>
                </p>
            }
        }))}
    }
}

/// `/learn/:id`.
#[component]
pub fn ExplainerPage() -> impl IntoView {
    set_title(Msg::NavLearn);
    let id = route_param("id");
    let lang = use_lang();
    view! {
        {with_version(move |v| {
            provide_titles(v.clone());
            let explainer =
                load_named(v.clone(), id.clone(), |v, id| async move { api::load_explainer(&v, &id).await });
            let quiz = load_named(v, id.clone(), |v, id| async move { api::load_quiz(&v, &id).await });
            view! {
                {show_page(explainer, move |e| view! { <ExplainerView e=e lang=lang.get()/> })}
                {move || quiz.get().and_then(|q| q.ok()).map(|q| view! { <QuizView quiz=q/> })}
                {move || quiz.get().and_then(|q| q.ok()).map(|q| { let lang = lang.get(); view! { <QuizSheetLinks id=q.explainer lang/> } })}
            }
        })}
    }
}

#[component]
fn ExplainerView(e: Explainer, lang: Lang) -> impl IntoView {
    let title = lang.pick(&e.title_zh, &e.title_en).to_owned();
    set_named_title(&title, lang);
    crate::i18n::set_description(lang.pick(&e.summary_zh, &e.summary_en));
    let entries = e.entries.clone();
    let related = (!entries.is_empty()).then(|| {
        let list = entries
            .iter()
            .map(|n| {
                let href = localized(&format!("/substances/{n}"), lang);
                let label = entry_label(lang, *n);
                view! { <li><A href=href>{label}</A></li> }
            })
            .collect_view();
        let q = entries.iter().map(u8::to_string).collect::<Vec<_>>().join(",");
        let href = localized(&format!("/disclosures?entry={q}"), lang);
        view! {
            <section aria-labelledby="related" class="related">
                <h2 id="related">{Msg::RelatedSubstances.text(lang)}</h2>
                <ul>{list}</ul>
                <p><A href=href>{Msg::RelatedEnterprises.text(lang)}</A></p>
            </section>
        }
    });
    view! {
        <article class="explainer">
            <h1 tabindex="-1">{title}</h1>
            <p class="lead"><Rich text=lang.pick(&e.summary_zh, &e.summary_en).to_owned()/></p>
            <p class="note">{format!("{}: {}", Msg::LastReviewed.text(lang), format_date(&e.last_reviewed, lang))}</p>
            <p class="no-print"><button type="button" on:click=|_| { let _ = crate::window().map(|w| w.print()); }>{Msg::PrintHandout.text(lang)}</button></p>
            {e.sections.iter().map(|s| view! {
                <section class=format!("section {}", s.kind.as_str())>
                    <h2>{lang.pick(&s.heading_zh, &s.heading_en).to_owned()}</h2>
                    {paragraphs(lang, &s.paragraphs_zh, &s.paragraphs_en)}
                </section>
            }).collect_view()}
            {related}
            <section aria-labelledby="sources" class="sources">
                <h2 id="sources">{Msg::SourcesHeading.text(lang)}</h2>
                <ol>
                    {e.sources.iter().map(|s| {
                        let unverified = (s.verification == Verification::Unverified).then(|| view! { " " <span class="unverified">{Msg::SourceUnverified.text(lang)}</span> });
                        let link = (!s.url.is_empty()).then(|| { let u = s.url.clone(); let h = u.clone(); view! { " " <a href=h rel="noopener noreferrer" class="source-url">{u}</a> } });
                        let note = lang.pick(&s.note_zh, &s.note_en).to_owned();
                        let note = (!note.is_empty()).then(|| view! { <span class="note">" " {note}</span> });
                        view! {
                            <li>
                                // Publisher and title as published, marked with their language.
                                <span lang=Lang::of_text(&format!("{}{}", s.publisher, s.title)).tag()>{format!("{}. {}.", s.publisher, s.title)}</span>
                                {format!(" {}.", format_source_date(&s.date, lang))}
                                {link}
                                {note}
                                {unverified}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        </article>
    }
}

/// A self-check quiz: answered on the device, scored once every question is answered; the answers
/// show only then, or when the reader asks for them. It prints as a worksheet: questions and
/// choices, never the answers or the score.
#[component]
fn QuizView(quiz: Quiz) -> impl IntoView {
    let lang = use_lang();
    let answers = RwSignal::new(vec![None::<usize>; quiz.questions.len()]);
    // Whether the answers show; what the last check found missing.
    let revealed = RwSignal::new(false);
    let missing = RwSignal::new(Vec::<usize>::new());
    let questions = quiz.questions.clone();
    let quiz_for_check = quiz.clone();
    let quiz_for_score = quiz.clone();
    let n = quiz.questions.len();
    view! {
        <section aria-labelledby="quiz" class="quiz">
            <h2 id="quiz">{t(Msg::QuizHeading)}</h2>
            <p class="note no-print">{t(Msg::QuizIntro)}</p>
            <form on:submit=move |ev| {
                ev.prevent_default();
                match answers.with(|a| check(&quiz_for_check, a)) {
                    Checked::Incomplete { unanswered } => { missing.set(unanswered); revealed.set(false); }
                    Checked::Scored(_) => { missing.set(Vec::new()); revealed.set(true); }
                }
            }>
                {move || {
                    let lang = lang.get();
                    questions.iter().enumerate().map(|(qi, q)| {
                        let choices = if lang == Lang::Zh { q.choices_zh.clone() } else { q.choices_en.clone() };
                        let answer = q.answer as usize;
                        let explanation = lang.pick(&q.explanation_zh, &q.explanation_en).to_owned();
                        let right = choices.get(answer).cloned().unwrap_or_default();
                        let name = format!("q-{}", q.id);
                        view! {
                            <fieldset class="question">
                                <legend>{format!("{}. ", qi + 1)}<Rich text=lang.pick(&q.prompt_zh, &q.prompt_en).to_owned()/></legend>
                                {choices.into_iter().enumerate().map(|(ci, c)| {
                                    let name = name.clone();
                                    view! {
                                        <label class="choice">
                                            <input type="radio" name=name value=ci.to_string()
                                                prop:checked=move || answers.with(|a| a[qi] == Some(ci))
                                                on:change=move |_| answers.update(|a| a[qi] = Some(ci))/>
                                            " " <Rich text=c/>
                                        </label>
                                    }
                                }).collect_view()}
                                <Show when=move || revealed.get()>
                                    <p class="feedback no-print">
                                        <strong>{
                                            let given = answers.with(|a| a[qi]);
                                            match given {
                                                Some(g) if g == answer => format!("✔ {}", Msg::QuizCorrect.text(lang)),
                                                Some(_) => format!("✖ {}", Msg::QuizWrong.text(lang)),
                                                None => Msg::QuizUnanswered.text(lang).to_owned(),
                                            }
                                        }</strong>
                                        " " {format!("{}{}", Msg::QuizAnswerIs.text(lang), right)}
                                        " " <Rich text=explanation.clone()/>
                                    </p>
                                </Show>
                            </fieldset>
                        }
                    }).collect_view()
                }}
                <div class="quiz-status no-print" role="status">
                    {move || {
                        let lang = lang.get();
                        if revealed.get() {
                            Some(view! { <p><strong>{answers.with(|a| score(&quiz_for_score, a)).text(lang)}</strong></p> }.into_any())
                        } else {
                            missing.with(|m| (!m.is_empty()).then(|| view! {
                                <p>{unanswered_text(m, lang)} " " {Msg::QuizAnswerFirst.text(lang)}</p>
                            }.into_any()))
                        }
                    }}
                </div>
                <p class="no-print">
                    <Show when=move || !revealed.get() fallback=move || view! {
                        <button type="button" on:click=move |_| { answers.set(vec![None; n]); revealed.set(false); missing.set(Vec::new()); }>{t(Msg::QuizRetry)}</button>
                    }>
                        <button type="submit">{t(Msg::QuizCheck)}</button>
                        {move || (!missing.with(Vec::is_empty)).then(|| view! {
                            " " <button type="button" on:click=move |_| revealed.set(true)>{t(Msg::QuizShowAnyway)}</button>
                        })}
                    </Show>
                </p>
            </form>
        </section>
    }
}

/// Links to a quiz's printable student copy and answer key.
#[component]
fn QuizSheetLinks(id: String, lang: Lang) -> impl IntoView {
    let sheet = localized(&format!("/learn/{id}/quiz"), lang);
    let key = localized(&format!("/learn/{id}/quiz/answers"), lang);
    view! {
        <p class="no-print">
            {Msg::PrintHandout.text(lang)} ": "
            <A href=sheet>{Msg::QuizWorksheetHeading.text(lang)}</A>
            " · "
            <A href=key>{Msg::QuizAnswerKeyHeading.text(lang)}</A>
        </p>
    }
}

/// `/learn/:id/quiz` (the student copy: questions and boxes to tick) and
/// `/learn/:id/quiz/answers` (the answer key, with explanations), each a page to print.
#[component]
pub fn QuizSheetPage(answers: bool) -> impl IntoView {
    set_title(if answers { Msg::QuizAnswerKeyHeading } else { Msg::QuizWorksheetHeading });
    let id = route_param("id");
    let lang = use_lang();
    view! {
        {with_version(move |v| {
            let explainer = load_named(v.clone(), id.clone(), |v, id| async move { api::load_explainer(&v, &id).await });
            let quiz = load_named(v, id.clone(), |v, id| async move { api::load_quiz(&v, &id).await });
            show_page(explainer, move |e| {
                let lang = lang.get();
                let title = lang.pick(&e.title_zh, &e.title_en).to_owned();
                let heading = if answers { Msg::QuizAnswerKeyHeading } else { Msg::QuizWorksheetHeading };
                set_named_title(&format!("{} · {title}", heading.text(lang)), lang);
                let back = localized(&format!("/learn/{}", e.id), lang);
                view! {
                    <article class="worksheet">
                        <h1 tabindex="-1">{format!("{} · {title}", heading.text(lang))}</h1>
                        <p class="no-print"><button type="button" on:click=|_| { let _ = crate::window().map(|w| w.print()); }>{Msg::PrintPage.text(lang)}</button>
                            " " {Msg::BackToExplainer.text(lang)} <A href=back>{title.clone()}</A></p>
                        {(!answers).then(|| view! { <p>{Msg::QuizNameLine.text(lang)}</p><p class="note">{Msg::QuizWorksheetNote.text(lang)}</p> })}
                        {move || quiz.get().and_then(Result::ok).map(|q| view! { <ol class="sheet-questions">{q.questions.iter().map(|q| {
                            let choices = if lang == Lang::Zh { q.choices_zh.clone() } else { q.choices_en.clone() };
                            let prompt = lang.pick(&q.prompt_zh, &q.prompt_en).to_owned();
                            if answers {
                                let right = choices.get(q.answer as usize).cloned().unwrap_or_default();
                                let letter = char::from(b'A' + q.answer as u8).to_string();
                                let explanation = lang.pick(&q.explanation_zh, &q.explanation_en).to_owned();
                                view! { <li><p><Rich text=prompt/></p><p><strong>{format!("{}{letter}. ", Msg::QuizAnswerIs.text(lang))}<Rich text=right/></strong></p><p><Rich text=explanation/></p></li> }.into_any()
                            } else {
                                view! { <li><p><Rich text=prompt/></p><ul class="sheet-choices">{choices.into_iter().enumerate().map(|(ci, c)| {
                                    let letter = char::from(b'A' + ci as u8).to_string();
                                    view! { <li><span aria-hidden="true">"☐ "</span>{format!("{letter}. ")}<Rich text=c/></li> }
                                }).collect_view()}</ul></li> }.into_any()
                            }
                        }).collect_view()}</ol> })}
                    </article>
                }
            })
        })}
    }
}

/// `/learn/lessons/:level`.
#[component]
pub fn LessonPage() -> impl IntoView {
    set_title(Msg::LessonsHeading);
    let level = route_param("level");
    let lang = use_lang();
    view! {
        {with_version(move |v| {
            let titles = provide_titles(v.clone());
            let lesson = load_named(v.clone(), level.clone(), |v, level| async move { api::load_lesson(&v, &level).await });
            show_page(lesson, move |l| view! { <LessonView l=l lang=lang.get() titles=titles/> })
        })}
    }
}

fn list(lang: Lang, zh: &[String], en: &[String]) -> impl IntoView + use<> {
    let items = if lang == Lang::Zh { zh.to_vec() } else { en.to_vec() };
    view! { <ul>{items.into_iter().map(|i| view! { <li><Rich text=i/></li> }).collect_view()}</ul> }
}

#[component]
fn LessonView(l: Lesson, lang: Lang, titles: crate::components::rich::Titles) -> impl IntoView {
    let level = l.level.clone();
    let handouts = (!l.handouts.is_empty()).then(|| {
        let items = l
            .handouts
            .iter()
            .map(|h| {
                let href = localized(&format!("/learn/lessons/{level}/{}", h.id), lang);
                let title = lang.pick(&h.title_zh, &h.title_en).to_owned();
                view! { <li><A href=href>{title}</A></li> }
            })
            .collect_view();
        view! { <h2>{Msg::LessonHandouts.text(lang)}</h2><ul>{items}</ul> }
    });
    let explainer_ids = l.explainers.clone();
    let explainer_links = move || {
        let ix = titles.0.get();
        explainer_ids.iter().map(|id| {
            let href = localized(&format!("/learn/{id}"), lang);
            let label = ix.as_ref().and_then(|ix| ix.explainer_title(id, lang)).unwrap_or_default().to_owned();
            let quiz = ix.as_ref().and_then(|ix| ix.explainers.iter().find(|e| &e.id == id)).is_some_and(|e| e.quiz);
            let sheets = quiz.then(|| {
                let sheet = localized(&format!("/learn/{id}/quiz"), lang);
                let key = localized(&format!("/learn/{id}/quiz/answers"), lang);
                let (a, b) = (format!("{} · {}", label, Msg::QuizWorksheet.text(lang)), format!("{} · {}", label, Msg::QuizAnswerKey.text(lang)));
                view! { <br/><span class="note">{Msg::QuizHeading.text(lang)} ": " <A href=sheet attr:aria-label=a>{Msg::QuizWorksheet.text(lang)}</A> " · " <A href=key attr:aria-label=b>{Msg::QuizAnswerKey.text(lang)}</A></span> }
            });
            view! { <li><A href=href>{label}</A>{sheets}</li> }
        }).collect_view()
    };
    let title = lang.pick(&l.title_zh, &l.title_en).to_owned();
    set_named_title(&title, lang);
    crate::i18n::set_description(&format!("{title} · {}", lang.pick(&l.audience_zh, &l.audience_en)));
    let activity = if lang == Lang::Zh { l.data_activity_zh.clone() } else { l.data_activity_en.clone() };
    view! {
        <article class="lesson">
            <h1 tabindex="-1">{title}</h1>
            <p class="no-print"><button type="button" on:click=|_| { let _ = crate::window().map(|w| w.print()); }>{Msg::PrintHandout.text(lang)}</button></p>
            <dl class="facts">
                <dt>{Msg::LessonAudience.text(lang)}</dt><dd>{lang.pick(&l.audience_zh, &l.audience_en).to_owned()}</dd>
                <dt>{Msg::LessonDuration.text(lang)}</dt><dd>{format!("{} {}", l.duration_minutes, Msg::LessonMinutes.text(lang))}</dd>
                <dt>{Msg::LessonsByGrade.text(lang)}</dt><dd>{grade_name(&l.grade, lang).to_owned()}</dd>
            </dl>
            <h2>{Msg::LessonObjectives.text(lang)}</h2>
            {list(lang, &l.objectives_zh, &l.objectives_en)}
            <h2>{Msg::LessonMaterials.text(lang)}</h2>
            {list(lang, &l.materials_zh, &l.materials_en)}
            <h2>{Msg::LessonSteps.text(lang)}</h2>
            <ol>{l.steps.iter().map(|s| view! { <li><strong>{format!("{} {} · ", s.minutes, Msg::LessonMinutes.text(lang))}</strong><Rich text=lang.pick(&s.text_zh, &s.text_en).to_owned()/></li> }).collect_view()}</ol>
            <h2>{Msg::LessonDataActivity.text(lang)}</h2>
            <ol>{activity.into_iter().map(|a| view! { <li><Rich text=a/></li> }).collect_view()}</ol>
            <h2>{Msg::LessonExplainers.text(lang)}</h2>
            <ul>{explainer_links}</ul>
            <h2>{Msg::LessonPrintNotes.text(lang)}</h2>
            <p><Rich text=lang.pick(&l.print_notes_zh, &l.print_notes_en).to_owned()/></p>
            {handouts}
        </article>
    }
}

/// `/learn/lessons/:level/:handout`: one handout of a lesson, to print.
#[component]
pub fn HandoutPage() -> impl IntoView {
    set_title(Msg::LessonHandouts);
    let level = route_param("level");
    let handout = route_param("handout");
    let lang = use_lang();
    view! {
        {with_version(move |v| {
            let handout = handout.clone();
            let lesson = load_named(v.clone(), level.clone(), |v, level| async move { api::load_lesson(&v, &level).await });
            show_page(lesson, move |l| {
                let lang = lang.get();
                match l.handouts.iter().find(|h| h.id == handout) {
                    Some(h) => view! { <HandoutView h=h.clone() lesson=l.clone() lang version=v.clone()/> }.into_any(),
                    None => view! { <h1 tabindex="-1">{t(Msg::ContentNotFound)}</h1> }.into_any(),
                }
            })
        })}
    }
}

#[component]
fn HandoutView(h: Handout, lesson: Lesson, lang: Lang, version: String) -> impl IntoView {
    let title = lang.pick(&h.title_zh, &h.title_en).to_owned();
    set_named_title(&title, lang);
    let lesson_title = lang.pick(&lesson.title_zh, &lesson.title_en).to_owned();
    let back = localized(&format!("/learn/lessons/{}", lesson.level), lang);
    let items = if lang == Lang::Zh { h.items_zh.clone() } else { h.items_en.clone() };
    let columns = if lang == Lang::Zh { h.columns_zh.clone() } else { h.columns_en.clone() };
    let intro = lang.pick(&h.intro_zh, &h.intro_en).to_owned();
    let write_in = h.write_in;
    let rows = h.rows;
    view! {
        <article class="handout">
            <h1 tabindex="-1">{title}</h1>
            <p class="no-print"><button type="button" on:click=|_| { let _ = crate::window().map(|w| w.print()); }>{Msg::PrintPage.text(lang)}</button>
                " " {Msg::BackToLesson.text(lang)} <A href=back>{lesson_title}</A></p>
            {(!intro.is_empty()).then(|| view! { <p><Rich text=intro/></p> })}
            {(!items.is_empty()).then(|| view! {
                <ol class="handout-items">{items.into_iter().map(|i| view! {
                    <li><Rich text=i/>{write_in.then(|| view! { <span class="write-in" aria-hidden="true"></span> })}</li>
                }).collect_view()}</ol>
            })}
            {(!h.terms.is_empty()).then(|| {
                let ids = h.terms.clone();
                let index = load_in(version, |v| async move { api::load_content_index(&v).await });
                resource_view(index, move |ix: ContentIndex| {
                    let cards = ids.iter().filter_map(|id| ix.glossary.terms.iter().find(|t| &t.id == id)).map(|t| view! {
                        <div class="term-card">
                            <dt>{lang.pick(&t.term_zh, &t.term_en).to_owned()}</dt>
                            <dd>{lang.pick(&t.definition_zh, &t.definition_en).to_owned()}</dd>
                        </div>
                    }).collect_view();
                    view! { <dl class="term-cards">{cards}</dl> }
                })
            })}
            {(!columns.is_empty()).then(|| {
                let n = columns.len();
                let head = columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view();
                let body = (0..rows).map(|_| view! { <tr>{(0..n).map(|_| view! { <td></td> }).collect_view()}</tr> }).collect_view();
                crate::components::table::table(Some("fill-in"), None, head, body)
            })}
        </article>
    }
}

/// `/glossary`.
#[component]
pub fn GlossaryPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <PageHead heading=Msg::GlossaryHeading lead=Msg::GlossaryIntro/>
        {with_version(move |v| { provide_titles(v.clone()); resource_view(load_in(v, |v| async move { api::load_content_index(&v).await }), move |ix: ContentIndex| {
            let lang = lang.get();
            let mut terms = ix.glossary.terms.clone();
            terms.sort_by(|a, b| lang.pick(&a.term_zh, &a.term_en).cmp(lang.pick(&b.term_zh, &b.term_en)));
            // Scroll to the term named in the URL fragment once the list exists.
            if crate::in_browser() {
                request_animation_frame(|| {
                    let hash = crate::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
                    if let Some(el) = hash.strip_prefix('#').and_then(|id| crate::window()?.document()?.get_element_by_id(id)) {
                        el.scroll_into_view();
                    }
                });
            }
            view! {
                <dl class="glossary">
                    {terms.into_iter().map(|g| {
                        let see_also = (!g.see_also.is_empty()).then(|| {
                            let links = g.see_also.iter().enumerate().map(|(i, id)| {
                                let href = localized(&format!("/glossary#term-{id}"), lang);
                                let label = ix.term_title(id, lang).unwrap_or(id).to_owned();
                                let sep = (i > 0).then_some(lang.pick("、", ", "));
                                view! { {sep}<A href=href>{label}</A> }
                            }).collect_view();
                            view! { <p class="note see-also">{Msg::SeeAlso.text(lang)}": " {links}</p> }
                        });
                        view! {
                            <dt id=format!("term-{}", g.id)>{lang.pick(&g.term_zh, &g.term_en).to_owned()}<span class="other-lang" lang=lang.other().tag()>{format!(" · {}", lang.pick(&g.term_en, &g.term_zh))}</span></dt>
                            <dd><Rich text=lang.pick(&g.definition_zh, &g.definition_en).to_owned()/>{see_also}</dd>
                        }
                    }).collect_view()}
                </dl>
            }
        })})}
    }
}

fn progress(lang: Lang, p: Progress) -> &'static str {
    match p {
        Progress::NotStarted => Msg::ProgressNotStarted.text(lang),
        Progress::InProgress => Msg::ProgressInProgress.text(lang),
        Progress::Completed => Msg::ProgressCompleted.text(lang),
        Progress::Unknown => Msg::ProgressUnknown.text(lang),
    }
}

/// `/plan`.
#[component]
pub fn PlanPage() -> impl IntoView {
    set_title(Msg::NavPlan);
    let lang = use_lang();
    view! {
        <h1 tabindex="-1">{t(Msg::PlanHeading)}</h1>
        {with_version(move |v| { provide_titles(v.clone()); resource_view(load_in(v, |v| async move { api::load_content_index(&v).await }), move |ix: ContentIndex| {
            let lang = lang.get();
            let plan = ix.plan.clone();
            let status = ix.status.clone();
            let sample = status.is_sample.then(|| view! { <p class="sample-banner" role="note">{Msg::StatusSampleNote.text(lang)}</p> });
            view! {
                <p class="lead">{crate::components::rich::marked(&format!("{} {}", lang.pick(&plan.title_zh, &plan.title_en), plan.document_number), lang)}</p>
                <p class="note">{lang.pick(&plan.source_note_zh, &plan.source_note_en).to_owned()}</p>
                <h2>{Msg::PlanGoals.text(lang)}</h2>
                {paragraphs(lang, &plan.goals_zh, &plan.goals_en)}
                <h2>{Msg::PlanApproach.text(lang)}</h2>
                {paragraphs(lang, &plan.approach_zh, &plan.approach_en)}
                <h2>{Msg::PlanTasks.text(lang)}</h2>
                {sample}
                <ol class="tasks">
                    {plan.tasks.iter().map(|task| {
                        let st = status.tasks.iter().find(|s| s.number == task.number);
                        let st_text = st.map_or(Msg::ProgressUnknown.text(lang), |s| progress(lang, s.status));
                        let links = task.portal_links.iter().map(|p| {
                            let href = localized(p, lang);
                            let label = ix.page_title(p, lang).unwrap_or_else(|| p.clone());
                            view! { <A href=href>{label}</A> " " }
                        }).collect_view();
                        let partners = if lang == Lang::Zh { task.partners_zh.join("、") } else { task.partners_en.join(", ") };
                        view! {
                            <li value=task.number.to_string()>
                                <h3>{lang.pick(&task.title_zh, &task.title_en).to_owned()}</h3>
                                <p><Rich text=lang.pick(&task.summary_zh, &task.summary_en).to_owned()/></p>
                                <dl class="facts">
                                    <dt>{Msg::TaskLead.text(lang)}</dt><dd>{lang.pick(&task.lead_zh, &task.lead_en).to_owned()}</dd>
                                    <dt>{Msg::TaskPartners.text(lang)}</dt><dd>{partners}</dd>
                                    <dt>{Msg::TaskTargets.text(lang)}</dt><dd>{list(lang, &task.targets_zh, &task.targets_en)}</dd>
                                    <dt>{Msg::TaskDeadline.text(lang)}</dt><dd>{if task.deadline.is_empty() { "–".to_owned() } else { task.deadline.clone() }}</dd>
                                    <dt>{Msg::TaskStatusLabel.text(lang)}</dt><dd>{st_text}{status.is_sample.then_some(Msg::SampleTag.text(lang))}</dd>
                                    <dt>{Msg::TaskPortal.text(lang)}</dt><dd>{links}</dd>
                                </dl>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <h2>{Msg::PlanSafeguards.text(lang)}</h2>
                <ol>
                    {plan.safeguards.iter().map(|s| view! {
                        <li><strong>{lang.pick(&s.title_zh, &s.title_en).to_owned()}</strong> " " <Rich text=lang.pick(&s.text_zh, &s.text_en).to_owned()/></li>
                    }).collect_view()}
                </ol>
            }
        })})}
    }
}
