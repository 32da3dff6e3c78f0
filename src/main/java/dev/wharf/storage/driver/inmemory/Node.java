package dev.wharf.storage.driver.inmemory;

/** An entry of the in-memory tree: a directory or a file's content. */
sealed interface Node permits Directory, Content {}
