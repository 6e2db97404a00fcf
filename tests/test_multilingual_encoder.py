"""The multilingual encoder puts a sentence and its translation nearest each other.

Twenty readout-style sentences, each in English, Russian and Chinese (written for this
test). For every language pair and both directions, each sentence's nearest neighbour
among the other language's twenty is its own translation. A small sanity check: the
200-pair cross-lingual set of the benchmarks measures it properly.
"""

from __future__ import annotations

import numpy as np
import pytest

import readouts
from readouts import Document
from readouts.similarity.encoders import load_encoder

SENTENCES = [
    (
        "The two foreign ministers held talks in Moscow on trade and energy cooperation.",
        "Министры иностранных дел двух стран провели в Москве переговоры о сотрудничестве "
        "в области торговли и энергетики.",
        "两国外长在莫斯科就贸易和能源合作举行会谈。",
    ),
    (
        "The sides signed an agreement on visa-free travel for tourists.",
        "Стороны подписали соглашение о безвизовых поездках для туристов.",
        "双方签署了关于游客免签旅行的协议。",
    ),
    (
        "China firmly supports Russia on issues concerning its core interests.",
        "Китай твёрдо поддерживает Россию в вопросах, касающихся её ключевых интересов.",
        "中方在涉及俄方核心利益的问题上坚定支持俄方。",
    ),
    (
        "The president expressed deep concern about the humanitarian situation in the region.",
        "Президент выразил глубокую обеспокоенность гуманитарной ситуацией в регионе.",
        "总统对该地区的人道主义局势表示深切关注。",
    ),
    (
        "Both leaders called for an immediate ceasefire.",
        "Оба лидера призвали к немедленному прекращению огня.",
        "两国领导人呼吁立即停火。",
    ),
    (
        "The ministry denied reports that troops had crossed the border.",
        "Министерство опровергло сообщения о том, что войска пересекли границу.",
        "该部否认了关于军队越过边境的报道。",
    ),
    (
        "Trade between the two countries grew by twelve percent last year.",
        "В прошлом году товарооборот между двумя странами вырос на двенадцать процентов.",
        "去年两国贸易额增长了百分之十二。",
    ),
    (
        "The next meeting will take place in Beijing in the autumn.",
        "Следующая встреча состоится осенью в Пекине.",
        "下一次会晤将于秋季在北京举行。",
    ),
    (
        "The parliament approved the new budget by a large majority.",
        "Парламент одобрил новый бюджет подавляющим большинством голосов.",
        "议会以压倒性多数通过了新预算。",
    ),
    (
        "The spokesman said sanctions are illegal and counterproductive.",
        "Официальный представитель заявил, что санкции незаконны и контрпродуктивны.",
        "发言人表示，制裁是非法的，而且适得其反。",
    ),
    (
        "The delegation visited a nuclear power plant under construction.",
        "Делегация посетила строящуюся атомную электростанцию.",
        "代表团参观了一座在建的核电站。",
    ),
    (
        "The two countries will jointly fight terrorism and drug trafficking.",
        "Две страны будут совместно бороться с терроризмом и незаконным оборотом наркотиков.",
        "两国将共同打击恐怖主义和毒品走私。",
    ),
    (
        "Thousands of people protested against the pension reform in the capital.",
        "Тысячи людей протестовали в столице против пенсионной реформы.",
        "数千人在首都抗议养老金改革。",
    ),
    (
        "The Security Council extended the peacekeeping mission for one year.",
        "Совет Безопасности продлил миротворческую миссию на один год.",
        "安理会将维和特派团的任期延长一年。",
    ),
    (
        "The minister thanked his counterpart for the warm welcome.",
        "Министр поблагодарил своего коллегу за тёплый приём.",
        "部长感谢对方的热情接待。",
    ),
    (
        "Floods have destroyed more than two thousand homes.",
        "Наводнения разрушили более двух тысяч домов.",
        "洪水摧毁了两千多所房屋。",
    ),
    (
        "The government promised to raise the minimum wage next year.",
        "Правительство пообещало повысить минимальную заработную плату в следующем году.",
        "政府承诺明年提高最低工资。",
    ),
    (
        "The talks ended without an agreement on gas prices.",
        "Переговоры завершились без соглашения о ценах на газ.",
        "谈判结束时未能就天然气价格达成协议。",
    ),
    (
        "The embassy urged its citizens to leave the country immediately.",
        "Посольство призвало своих граждан немедленно покинуть страну.",
        "大使馆敦促本国公民立即离开该国。",
    ),
    (
        "The central bank kept its interest rate unchanged.",
        "Центральный банк сохранил процентную ставку без изменений.",
        "央行维持利率不变。",
    ),
]
LANGUAGES = {"en": 0, "ru": 1, "zh": 2}


@pytest.fixture(scope="module")
def vectors() -> dict[str, np.ndarray]:
    encoder = load_encoder("multilingual")
    return {
        language: encoder.encode([row[column] for row in SENTENCES])
        for language, column in LANGUAGES.items()
    }


def test_the_vectors_are_unit_length(vectors):
    for language, rows in vectors.items():
        assert rows.shape == (len(SENTENCES), 512), language
        assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5), language


@pytest.mark.parametrize(("first", "second"), [("en", "ru"), ("en", "zh"), ("ru", "zh")])
def test_each_translation_is_ranked_first(vectors, first, second):
    cosine = vectors[first] @ vectors[second].T
    expected = np.arange(len(SENTENCES))
    wrong_rows = [SENTENCES[i][0] for i in np.flatnonzero(cosine.argmax(axis=1) != expected)]
    wrong_columns = [SENTENCES[i][0] for i in np.flatnonzero(cosine.argmax(axis=0) != expected)]
    assert not wrong_rows, f"{first} -> {second}: {wrong_rows}"
    assert not wrong_columns, f"{second} -> {first}: {wrong_columns}"


def test_an_english_and_a_russian_account_match_on_the_multilingual_backend():
    english = Document(
        "The sides signed an agreement on visa-free travel for tourists. "
        "The central bank kept its interest rate unchanged.",
        label="EN",
    )
    russian = Document(SENTENCES[1][1], label="RU")
    comparison = readouts.compare([english, russian], backend="multilingual")
    assert comparison.backend == "multilingual"
    pairs = [tuple(match.claims) for match in comparison.matches]
    assert pairs == [("A1", "B1")]
