use super::*;

#[test]
fn a_kind_of_page_is_the_same_whatever_it_shows() {
    let kind = |task: Task| task.kind();
    assert_eq!(
        kind(Task::Doc(Section::Stories, 4)),
        kind(Task::Doc(Section::Stories, 0))
    );
    assert_ne!(
        kind(Task::Doc(Section::Stories, 0)),
        kind(Task::Doc(Section::Events, 0))
    );
    assert_eq!(
        kind(Task::Term(Tax::Skills, 7)),
        kind(Task::Term(Tax::Cohorts, 0))
    );
    assert_eq!(
        kind(Task::Taxonomy(Tax::Skills)),
        kind(Task::Taxonomy(Tax::Cohorts))
    );
    assert_ne!(
        kind(Task::List(Section::Jobs)),
        kind(Task::List(Section::News))
    );
}
