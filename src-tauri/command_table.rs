//! The command table: every command that the window and the LAN host both
//! offer, declared once. Each entry is the command's name, its request and
//! response types (the service's api types), and the one service call it
//! makes. The window's invoke handler (`commands::table`) and the host's
//! routes (`host::table`) are generated from it, so the two can never offer
//! different lists or call different functions.
//!
//! The kinds:
//! - `authed`: a logged-in caller; the service checks the role.
//! - `upload`: as `authed`, with a file in the request (organizers only; the
//!   host checks that before it reads the body).
//! - `file`: an export; the window asks where to save it, the host sends it
//!   as a download.
//!
//! Commands whose adapters must differ (start-up, log-in from a place,
//! `about` without the host's paths, the answer's async path, the window's
//! hall screen and host control) are written in each adapter and listed in
//! its `OWN_COMMANDS`.

/// Calls `$m!` with the table. Each line:
/// `kind name(Request) -> Response = |service, actor, request| call;`
#[macro_export]
macro_rules! for_each_command {
    ($m:ident) => {
        $m! {
            // who is logged in
            authed whoami(Empty) -> WhoAmI = |s, a, _r| s.whoami(a);
            // staff: home, practice, study, library
            authed home(Empty) -> HomeView = |s, a, _r| s.home(a);
            authed practice_scopes(SubjectRequest) -> ScopeTree = |s, a, r| s.practice_scopes(a, r.subject);
            authed practice_start(PracticeStartRequest) -> PracticeSet = |s, a, r| s.practice_start(a, r);
            authed wrong_book_set(Empty) -> PracticeSet = |s, a, _r| s.wrong_book_set(a);
            authed practice_question(QuestionRequest) -> QuestionView = |s, a, r| s.practice_question(a, r);
            authed practice_answer(PracticeAnswerRequest) -> Feedback = |s, a, r| s.practice_answer(a, r);
            authed study_event(StudyEventRequest) -> () = |s, a, r| s.study_event(a, r);
            authed my_study(Empty) -> MyStudy = |s, a, _r| s.my_study(a);
            authed my_study_sources(Empty) -> StudySources = |s, a, _r| s.my_study_sources(a);
            authed review_set(Empty) -> PracticeSet = |s, a, _r| s.review_set(a);
            authed review_summary(Empty) -> ReviewSummary = |s, a, _r| s.review_summary(a);
            authed library_tree(LawRequest) -> Vec<LibraryNode> = |s, a, r| s.library_tree(a, r.law()?);
            authed library_articles(ArticlesRequest) -> Vec<LibraryArticle> =
                |s, a, r| s.library_articles(a, r.law()?, r.from, r.to);
            authed library_search(SearchRequest) -> SearchResult = |s, a, r| s.library_search(a, r);
            authed law_list(Empty) -> LawsView = |s, a, _r| s.law_list(a);
            authed article_questions(ArticleRequest) -> Vec<ArticleQuestion> =
                |s, a, r| s.article_questions(a, r.law()?, r.article);
            // contests: staff
            authed open_contests(Empty) -> Vec<OpenContest> = |s, a, _r| s.open_contests(a);
            authed my_results(Empty) -> Vec<MyResult> = |s, a, _r| s.my_results(a);
            authed start_attempt(ContestIdRequest) -> AttemptView = |s, a, r| s.start_attempt(a, r.id);
            authed attempt(AttemptIdRequest) -> AttemptView = |s, a, r| s.attempt(a, r.attempt_id);
            authed contest_mark(MarkRequest) -> () = |s, a, r| s.contest_mark(a, r);
            authed submit_attempt(AttemptIdRequest) -> AttemptResult = |s, a, r| s.submit_attempt(a, r.attempt_id);
            authed attempt_result(AttemptIdRequest) -> AttemptResult = |s, a, r| s.attempt_result(a, r.attempt_id);
            // organizer: people, study, settings, audit
            authed people(Empty) -> PeopleView = |s, a, _r| s.people(a);
            authed save_employee(SaveEmployeeRequest) -> Employee = |s, a, r| s.save_employee(a, r);
            authed reset_pin(EmployeeIdRequest) -> Employee = |s, a, r| s.reset_pin(a, r.id);
            authed issue_login_codes(LoginCodesRequest) -> Vec<LoginCodeRow> = |s, a, r| s.issue_login_codes(a, &r.ids);
            authed study_report(Empty) -> StudyReport = |s, a, _r| s.study_report(a);
            // organizer: 学时 from offline study
            authed activities(Empty) -> ActivitiesView = |s, a, _r| s.activities(a);
            authed save_activity(SaveActivityRequest) -> ActivityRow = |s, a, r| s.save_activity(a, r);
            authed delete_activity(ActivityIdRequest) -> () = |s, a, r| s.delete_activity(a, r.id);
            upload preview_sign_in(ImportRequest) -> SignInPreview = |s, a, r| s.preview_sign_in(a, &r);
            authed study_statement(StatementRequest) -> StudyStatement = |s, a, r| s.study_statement(a, &r);
            file export_activities(Empty) -> ExportFile = |s, a, _r| s.export_activities(a);
            authed get_settings(Empty) -> Settings = |s, _a, _r| s.settings();
            authed update_settings(Settings) -> Settings = |s, a, r| s.update_settings(a, r);
            authed audit_log(Empty) -> Vec<AuditEntry> = |s, a, _r| s.audit_log(a, 500);
            // organizer: contests, results, prizes, the hall
            authed contests(Empty) -> Vec<ContestView> = |s, a, _r| s.contests(a);
            authed save_contest(SaveContestRequest) -> ContestView = |s, a, r| s.save_contest(a, r);
            authed contest_detail(ContestIdRequest) -> ContestView = |s, a, r| s.contest(a, r.id);
            authed paper_pools(PoolsRequest) -> Vec<usize> = |s, a, r| s.paper_pools(a, &r.rules);
            authed preview_paper(ContestIdRequest) -> Vec<PreviewItem> = |s, a, r| s.preview_paper(a, r.id);
            authed set_contest_state(SetStateRequest) -> ContestView = |s, a, r| s.set_contest_state(a, r);
            authed contest_results(ContestIdRequest) -> ContestResults = |s, a, r| s.contest_results(a, r.id);
            authed certificates(ContestIdRequest) -> CertificateSheet = |s, a, r| s.certificates(a, r.id);
            authed save_certificate_settings(SaveCertificateSettingsRequest) -> CertificateSheet =
                |s, a, r| s.save_certificate_settings(a, r);
            authed run_draw(DrawRequest) -> DrawView = |s, a, r| s.run_draw(a, r);
            authed void_draw(VoidDrawRequest) -> DrawView = |s, a, r| s.void_draw(a, r);
            authed verify_draw(VerifyDrawRequest) -> VerifyResult = |s, a, r| s.verify_draw(a, r);
            authed big_screen(ContestIdRequest) -> BigScreen = |s, a, r| s.big_screen(a, r.id);
            authed hall_screen(ContestIdRequest) -> HallScreen = |s, a, r| s.hall_screen(a, &r);
            // organizer: backups, the bank's 竞赛专用 set
            authed backups(Empty) -> Vec<BackupInfo> = |s, a, _r| s.backups(a);
            authed backup_now(Empty) -> BackupInfo = |s, a, _r| s.backup_now(a);
            authed restore_backup(RestoreRequest) -> BackupInfo = |s, a, r| s.restore_backup(a, &r);
            authed contest_only_summary(Empty) -> Vec<ContestOnlyCount> = |s, a, _r| s.contest_only_summary(a);
            authed set_contest_only(ContestOnlyRequest) -> Vec<ContestOnlyCount> = |s, a, r| s.set_contest_only(a, r);
            // organizer: the live show (现场竞答) — its devices and stream are each adapter's own
            authed show_list(Empty) -> Vec<ShowSummary> = |s, a, _r| s.show_list(a);
            authed show_get(ShowIdRequest) -> ShowConsole = |s, a, r| s.show_get(a, r.id);
            authed show_save(ShowSaveRequest) -> ShowConsole = |s, a, r| s.show_save(a, r);
            authed show_delete(ShowIdRequest) -> () = |s, a, r| s.show_delete(a, r.id);
            authed show_start(ShowIdRequest) -> ShowConsole = |s, a, r| s.show_start(a, r.id);
            authed show_action(ShowActionRequest) -> ShowConsole = |s, a, r| s.show_action(a, r);
            authed show_screen_token(ShowIdRequest) -> ScreenToken = |s, a, r| s.show_screen_token(a, r.id);
            authed show_revoke(ShowRevokeRequest) -> () = |s, a, r| s.show_revoke(a, r);
            authed show_oath_step(ShowOathStepRequest) -> ShowConsole = |s, a, r| s.show_oath_step(a, r);
            authed show_certificates(ShowCertificatesRequest) -> CertificateSheet = |s, a, r| s.show_certificates(a, &r);
            file show_export(ShowIdRequest) -> ExportFile = |s, a, r| s.show_export(a, r.id);
            // organizer: item analysis, the bank's question, department weakness, 推荐练习
            authed item_analysis(ContestIdRequest) -> ItemAnalysis = |s, a, r| s.item_analysis(a, r.id);
            authed bank_question(QuestionIdRequest) -> BankQuestion = |s, a, r| s.bank_question(a, &r.id);
            authed retire_question(RetireRequest) -> BankQuestion = |s, a, r| s.retire_question(a, &r);
            authed accept_spelling(AcceptSpellingRequest) -> BankQuestion = |s, a, r| s.accept_spelling(a, &r);
            authed department_weakness(ContestIdRequest) -> DepartmentWeaknessView =
                |s, a, r| s.department_weakness(a, r.id);
            authed recommend_practice(RecommendRequest) -> Recommendation = |s, a, r| s.recommend_practice(a, &r);
            authed my_recommendations(Empty) -> Vec<Recommendation> = |s, a, _r| s.my_recommendations(a);
            authed recommended_set(RecommendationIdRequest) -> PracticeSet = |s, a, r| s.recommended_set(a, r.id);
            // organizer: laws (法律库, 学习范围, importing a law or a new edition)
            authed set_study_laws(StudyLawsRequest) -> LawsView = |s, a, r| s.set_study_laws(a, r);
            upload preview_law_import(ImportRequest) -> LawImportPreview = |s, a, r| s.preview_law_import(a, &r);
            upload import_law(ImportRequest) -> LawImportResult = |s, a, r| s.import_law(a, &r);
            authed set_aside_questions(Empty) -> Vec<SetAsideQuestion> = |s, a, _r| s.set_aside_questions(a);
            // organizer: imports (a file in the request)
            upload preview_question_import(ImportRequest) -> ImportPreview = |s, a, r| s.preview_question_import(a, &r);
            upload import_questions(ImportRequest) -> ImportResult = |s, a, r| s.import_questions(a, &r);
            upload preview_roster_import(ImportRequest) -> RosterPreview = |s, a, r| s.preview_roster_import(a, &r);
            upload import_roster(ImportRequest) -> RosterPreview = |s, a, r| s.import_roster(a, &r);
            // organizer: exports (a file in the answer)
            file export_contest(ExportContestRequest) -> ExportFile = |s, a, r| s.export_contest(a, &r);
            file export_study(ExportStudyRequest) -> ExportFile = |s, a, r| s.export_study(a, &r);
            file export_questions(Empty) -> ExportFile = |s, a, _r| s.export_questions(a);
            file download_template(TemplateRequest) -> ExportFile = |s, a, r| s.template(a, &r.kind);
        }
    };
}

/// The names in the table, in its order (the command-table test compares
/// them with the UI's calls and docs/api.md).
macro_rules! table_names {
    ($($kind:ident $name:ident($req:ty) -> $resp:ty = |$s:pat_param, $a:pat_param, $r:pat_param| $body:expr;)*) => {
        &[$(stringify!($name)),*]
    };
}

/// Every command of the table, by name.
pub const TABLE: &[&str] = for_each_command!(table_names);
