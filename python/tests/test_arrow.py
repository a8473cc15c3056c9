"""Cleaner.clean_arrow: Arrow arrays in (zero-copy), pyarrow arrays out."""

from __future__ import annotations

import pytest

import rinse

pa = pytest.importorskip("pyarrow")

STRING_TYPES = [pa.string(), pa.large_string(), pa.string_view()]


@pytest.fixture(scope="module")
def cleaner() -> rinse.Cleaner:
    return rinse.Cleaner()


@pytest.fixture(scope="module")
def texts(samples) -> list:
    """Every raw sample, with nulls and an empty string among them."""
    raws: list = [raw for raw, _ in samples.values()]
    raws.insert(0, None)
    raws.insert(5, "")
    raws.insert(9, None)
    raws.append(None)
    return raws


def expected(texts: list) -> list:
    return [None if t is None else rinse.clean(t) for t in texts]


@pytest.mark.parametrize("type_", STRING_TYPES, ids=str)
def test_arrays_of_every_string_type(cleaner, texts, type_) -> None:
    array = pa.array(texts, type=type_)
    out = cleaner.clean_arrow(array)
    assert isinstance(out, pa.Array)
    assert out.type == type_
    assert out.null_count == 3
    assert out.is_null().to_pylist() == array.is_null().to_pylist()
    assert out.to_pylist() == expected(texts)
    out.validate(full=True)
    # The input is left as it was.
    assert array.to_pylist() == texts


def test_sliced_arrays(cleaner, texts) -> None:
    array = pa.array(texts)
    part = array.slice(3, 20)
    assert cleaner.clean_arrow(part).to_pylist() == expected(texts[3:23])
    assert cleaner.clean_arrow(array.slice(0, 0)).to_pylist() == []


def test_all_null_and_empty_arrays(cleaner) -> None:
    assert cleaner.clean_arrow(pa.array([None, None], pa.string())).to_pylist() == [None, None]
    assert cleaner.clean_arrow(pa.array([], pa.large_string())).type == pa.large_string()


@pytest.mark.parametrize("type_", STRING_TYPES, ids=str)
def test_chunked_arrays_keep_their_chunks(cleaner, texts, type_) -> None:
    chunks = [texts[:7], texts[7:8], [], texts[8:]]
    chunked = pa.chunked_array([pa.array(c, type=type_) for c in chunks], type=type_)
    out = cleaner.clean_arrow(chunked)
    assert isinstance(out, pa.ChunkedArray)
    assert out.type == type_
    assert [len(c) for c in out.chunks] == [len(c) for c in chunks]
    assert out.to_pylist() == expected(texts)
    empty = cleaner.clean_arrow(pa.chunked_array([], type=type_))
    assert isinstance(empty, pa.ChunkedArray) and empty.type == type_ and len(empty) == 0


def test_record_batches_and_tables_by_column(cleaner, texts) -> None:
    ids = list(range(len(texts)))
    batch = pa.record_batch({"id": ids, "text": texts})
    out = cleaner.clean_arrow(batch, column="text")
    assert isinstance(out, pa.Array) and out.to_pylist() == expected(texts)
    table = pa.Table.from_batches([batch.slice(0, 10), batch.slice(10)])
    out = cleaner.clean_arrow(table, column="text")
    assert isinstance(out, pa.ChunkedArray)
    assert [len(c) for c in out.chunks] == [10, len(texts) - 10]
    assert out.to_pylist() == expected(texts)
    # The usual way to put the result back.
    cleaned = batch.set_column(1, "text", cleaner.clean_arrow(batch, column="text"))
    assert cleaned.column("id").to_pylist() == ids


def test_nulls_of_a_struct_row_are_nulls(cleaner) -> None:
    struct = pa.StructArray.from_arrays(
        [pa.array(["Headline one\nBody text here.", "Headline two\nMore body."])],
        names=["text"],
        mask=pa.array([False, True]),
    )
    assert cleaner.clean_arrow(struct, column="text").to_pylist() == [
        "Headline one\nBody text here.\n",
        None,
    ]


def test_any_arrow_producer_is_accepted(cleaner, texts) -> None:
    """Objects that only speak the Arrow PyCapsule interface (polars,
    arro3, nanoarrow, DuckDB results ...)."""
    array = pa.array(texts)

    class ArrayProducer:
        def __arrow_c_array__(self, requested_schema=None):
            return array.__arrow_c_array__(requested_schema)

    class StreamProducer:
        def __arrow_c_stream__(self, requested_schema=None):
            return pa.chunked_array([array.slice(0, 4), array.slice(4)]).__arrow_c_stream__(requested_schema)

    assert cleaner.clean_arrow(ArrayProducer()).to_pylist() == expected(texts)
    out = cleaner.clean_arrow(StreamProducer())
    assert isinstance(out, pa.ChunkedArray) and out.num_chunks == 2
    assert out.to_pylist() == expected(texts)


def test_errors(cleaner) -> None:
    with pytest.raises(TypeError, match="string array"):
        cleaner.clean_arrow(pa.array([1, 2, 3]))
    with pytest.raises(TypeError, match="string array"):
        cleaner.clean_arrow(pa.array(["a", "b"]).dictionary_encode())
    with pytest.raises(TypeError, match="column="):
        cleaner.clean_arrow(pa.record_batch({"text": ["a"]}))
    with pytest.raises(TypeError, match="record batch"):
        cleaner.clean_arrow(pa.array(["a"]), column="text")
    with pytest.raises(ValueError, match="no column 'body'; the columns are: text"):
        cleaner.clean_arrow(pa.record_batch({"text": ["a"]}), column="body")
    with pytest.raises(ValueError, match="no column 'body'; the columns are: text"):
        cleaner.clean_arrow(pa.table({"text": ["a"]}), column="body")
    with pytest.raises(TypeError, match="string array"):
        cleaner.clean_arrow(pa.record_batch({"n": [1]}), column="n")
    with pytest.raises(TypeError, match="__arrow_c_array__"):
        cleaner.clean_arrow(["a list"])


def test_large_arrays_equal_clean_batch(cleaner, samples) -> None:
    raws = [raw for raw, _ in samples.values()] * 40
    out = cleaner.clean_arrow(pa.array(raws, pa.large_string()))
    assert out.to_pylist() == cleaner.clean_batch(raws)
    assert rinse.Cleaner(threads=1).clean_arrow(pa.array(raws)).to_pylist() == out.to_pylist()


def test_the_result_owns_its_memory(cleaner, texts) -> None:
    """The output stays valid after the input and the cleaner are gone."""
    import gc

    array = pa.array(texts)
    out = rinse.Cleaner().clean_arrow(array)
    del array
    gc.collect()
    assert out.to_pylist() == expected(texts)
