// The model registry: versions per name, stages with their who-when-why history, model cards.

#include "StoreTestSupport.h"

#include "store/ModelRegistry.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace flowline::tests;
using namespace flowline::core::store;

class TstStoreRegistry : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_n = 0;
    std::shared_ptr<ExperimentStore> m_store;

    // A finished run with a model artifact holding `bytes`.
    RunId modelRun(const QByteArray &bytes, double auc)
    {
        RunStart start;
        start.algorithm = QStringLiteral("random_forest");
        start.inputs = {{QStringLiteral("training"), QStringLiteral("sha256:aa")},
                        {QStringLiteral("validation"), QStringLiteral("sha256:bb")}};
        auto run = m_store->startRun(start);
        if (!run)
            return 0;
        m_store->logMetric(*run, QStringLiteral("roc_auc"), 0, auc);
        m_store->logArtifact(*run,
                             {QStringLiteral("model.flmodel"), artifact_kind::model, false, bytes});
        m_store->logArtifact(
            *run, {QStringLiteral("roc"), artifact_kind::rocCurve, true, QByteArray("{}")});
        return m_store->finishRun(*run, RunStatus::Finished) ? *run : 0;
    }

private Q_SLOTS:
    void init()
    {
        m_store = openOrNull(m_dir.filePath(QStringLiteral("r%1.sqlite").arg(++m_n)));
        QVERIFY(m_store);
    }

    void versionsCountUpPerName()
    {
        ModelRegistry registry(m_store);
        const RunId a = modelRun("A", 0.8), b = modelRun("B", 0.9);
        auto churn1 = registry.registerModel(a, QStringLiteral("churn"));
        QVERIFY2(churn1, qPrintable(errorText(churn1)));
        auto churn2 = registry.registerModel(b, QStringLiteral("churn"));
        auto fraud1 = registry.registerModel(b, QStringLiteral("fraud"));
        QVERIFY(churn2 && fraud1);
        QCOMPARE(churn1->version, 1);
        QCOMPARE(churn2->version, 2);
        QCOMPARE(fraud1->version, 1);
        QCOMPARE(churn2->run, b);
        QCOMPARE(churn2->artifact, QStringLiteral("model.flmodel"));
        QCOMPARE(churn2->stage, Stage::None);
        QCOMPARE(churn2->createdBy, ModelRegistry::currentUser());

        auto models = registry.models();
        QVERIFY2(models, qPrintable(errorText(models)));
        QCOMPARE(models->size(), std::size_t(2));
        QCOMPARE(models->at(0).name, QStringLiteral("churn"));
        QCOMPARE(models->at(0).versions.size(), std::size_t(2));
        QCOMPARE(models->at(1).versions.at(0).run, b);

        QCOMPARE(registry.latest(QStringLiteral("churn"))->version, 2);
        QCOMPARE(*registry.modelData(QStringLiteral("churn"), 1), QByteArray("A"));
        QCOMPARE(*registry.modelData(QStringLiteral("churn"), 2), QByteArray("B"));
    }

    void registeringChecksTheRun()
    {
        ModelRegistry registry(m_store);
        auto unknown = registry.registerModel(999, QStringLiteral("m"));
        QVERIFY(!unknown);
        QVERIFY(unknown.error().message.contains(QStringLiteral("no run 999")));

        auto running = m_store->startRun({});
        auto notDone = registry.registerModel(*running, QStringLiteral("m"));
        QVERIFY(!notDone);
        QVERIFY(notDone.error().message.contains(QStringLiteral("running")));

        auto bare = m_store->startRun({});
        QVERIFY(m_store->finishRun(*bare, RunStatus::Finished));
        auto noModel = registry.registerModel(*bare, QStringLiteral("m"));
        QVERIFY(!noModel);
        QVERIFY(noModel.error().message.contains(QStringLiteral("no model artifact")));

        const RunId ok = modelRun("M", 0.5);
        auto wrongName = registry.registerModel(ok, QStringLiteral("m"), QStringLiteral("nope"));
        QVERIFY(!wrongName);
        QVERIFY(!registry.registerModel(ok, QStringLiteral("  ")));
        QVERIFY(!registry.registerModel(ok, QStringLiteral("bad\nname")));
        QVERIFY(registry.models()->empty()); // nothing half-registered
        auto named = registry.registerModel(ok, QStringLiteral("m"), QStringLiteral("roc"));
        QVERIFY2(named, qPrintable(errorText(named)));
        QCOMPARE(named->artifact, QStringLiteral("roc"));
    }

    void stagesMoveWithAHistory()
    {
        ModelRegistry registry(m_store);
        const RunId a = modelRun("A", 0.8), b = modelRun("B", 0.9);
        QVERIFY(registry.registerModel(a, QStringLiteral("churn")));
        QVERIFY(registry.registerModel(b, QStringLiteral("churn")));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto staged = registry.promote(QStringLiteral("churn"), 1, Stage::Staging,
                                       QStringLiteral("passes the offline checks"));
        QVERIFY2(staged, qPrintable(errorText(staged)));
        QCOMPARE(staged->stage, Stage::Staging);
        QVERIFY(registry.promote(QStringLiteral("churn"), 1, Stage::Production,
                                 QStringLiteral("A/B test won")));
        // Version 2 to production archives version 1.
        QVERIFY(registry.promote(QStringLiteral("churn"), 2, Stage::Production,
                                 QStringLiteral("better recall")));
        QCOMPARE(registry.version(QStringLiteral("churn"), 1)->stage, Stage::Archived);
        QCOMPARE(registry.version(QStringLiteral("churn"), 2)->stage, Stage::Production);

        auto h = registry.history(QStringLiteral("churn"), 1);
        QVERIFY2(h, qPrintable(errorText(h)));
        QCOMPARE(h->size(), std::size_t(4)); // registered, staging, production, archived
        QVERIFY(h->at(0).reason.contains(QStringLiteral("registered from run")));
        QCOMPARE(h->at(1).from, Stage::None);
        QCOMPARE(h->at(1).to, Stage::Staging);
        QCOMPARE(h->at(1).reason, QStringLiteral("passes the offline checks"));
        QCOMPARE(h->at(1).user, ModelRegistry::currentUser());
        QVERIFY(h->at(1).atMs >= before);
        QCOMPARE(h->at(2).to, Stage::Production);
        QCOMPARE(h->at(3).from, Stage::Production);
        QCOMPARE(h->at(3).to, Stage::Archived);
        QCOMPARE(h->at(3).reason, QStringLiteral("replaced by version 2"));
    }

    void badPromotionsAreRefused()
    {
        ModelRegistry registry(m_store);
        QVERIFY(registry.registerModel(modelRun("A", 0.8), QStringLiteral("churn")));
        auto noModel =
            registry.promote(QStringLiteral("nope"), 1, Stage::Staging, QStringLiteral("r"));
        QVERIFY(!noModel);
        QVERIFY(noModel.error().message.contains(QStringLiteral("no model named 'nope'")));
        auto noVersion =
            registry.promote(QStringLiteral("churn"), 7, Stage::Staging, QStringLiteral("r"));
        QVERIFY(!noVersion);
        QVERIFY(noVersion.error().message.contains(QStringLiteral("no version 7")));
        auto same = registry.promote(QStringLiteral("churn"), 1, Stage::None, QStringLiteral("r"));
        QVERIFY(!same);
        QVERIFY(same.error().message.contains(QStringLiteral("already in stage none")));
        QVERIFY(!registry.promote(QStringLiteral("churn"), 1, Stage::Staging, QString()));
        QCOMPARE(registry.history(QStringLiteral("churn"), 1)->size(), std::size_t(1));
        QCOMPARE(stageFromName(u"Production"), std::optional<Stage>(Stage::Production));
        QVERIFY(!stageFromName(u"live"));
    }

    void modelCardRoundTrip()
    {
        ModelRegistry registry(m_store);
        const RunId a = modelRun("A", 0.875);
        QVERIFY(registry.registerModel(a, QStringLiteral("churn")));
        auto card = registry.card(QStringLiteral("churn"), 1);
        QVERIFY2(card, qPrintable(errorText(card)));
        // Filled in from the run.
        QCOMPARE(card->trainingData, QStringLiteral("training, validation"));
        QCOMPARE(card->trainingFingerprint,
                 QStringLiteral("training: sha256:aa; validation: sha256:bb"));
        QCOMPARE(card->metrics.at(QStringLiteral("roc_auc")), 0.875);
        QVERIFY(card->intendedUse.isEmpty());

        ModelCard edited = *card;
        QVERIFY(edited.setField(QStringLiteral("intended_use"), QStringLiteral("Rank accounts")));
        QVERIFY(edited.setField(QStringLiteral("limitations"), QStringLiteral("EU only ✓")));
        QVERIFY(edited.setField(QStringLiteral("notes"), QStringLiteral("line 1\nline 2")));
        auto bad = edited.setField(QStringLiteral("owner"), QStringLiteral("x"));
        QVERIFY(!bad);
        QVERIFY(bad.error().message.contains(QStringLiteral("intended_use")));
        QVERIFY(registry.setCard(QStringLiteral("churn"), 1, edited));

        auto back = registry.card(QStringLiteral("churn"), 0); // 0: the latest version
        QVERIFY(back);
        QCOMPARE(back->intendedUse, QStringLiteral("Rank accounts"));
        QCOMPARE(back->limitations, QStringLiteral("EU only ✓"));
        QCOMPARE(back->notes, QStringLiteral("line 1\nline 2"));
        QCOMPARE(back->trainingData, card->trainingData);
        QCOMPARE(back->metrics, card->metrics);
        QVERIFY(back->updatedMs > 0);
        QCOMPARE(back->field(QStringLiteral("intended_use")), back->intendedUse);
        QVERIFY(!registry.setCard(QStringLiteral("churn"), 2, edited));
        QVERIFY(!registry.card(QStringLiteral("ghost"), 1));
    }

    void aReadOnlyStoreRefusesRegistryWrites()
    {
        const RunId a = modelRun("A", 0.8);
        const QString path = m_store->path();
        m_store.reset();
        auto ro = ExperimentStore::open(path, ExperimentStore::Access::ReadOnly);
        QVERIFY(ro);
        ModelRegistry registry(*ro);
        auto r = registry.registerModel(a, QStringLiteral("m"));
        QVERIFY(!r);
        QVERIFY(r.error().message.contains(QStringLiteral("read-only")));
        QVERIFY(registry.models());
    }
};

QTEST_GUILESS_MAIN(TstStoreRegistry)
#include "tst_store_registry.moc"
