"""The index: schema, the store of generations, the reindex pipeline and the rank postings.

Every use of Whoosh's internals (its storage, codecs and posting blocks) lives in this folder.
"""
