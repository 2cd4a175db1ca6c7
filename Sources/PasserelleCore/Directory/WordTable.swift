/// The words of a run of structures, each with the structures that hold it and the most telling
/// field it was found in: one chunk of the directory's inverted index.
///
/// Building it reads some two million word occurrences for 50,000 structures at every start, so a
/// word occurrence costs one byte hash and no `String`: texts are folded into one reused buffer,
/// and words are interned through an open-addressing table keyed by their bytes.
struct WordTable {
    /// The distinct words, by id, and for each the structures that hold it, in position order.
    private(set) var words: [String] = []
    private(set) var postings: [[DirectoryIndex.Posting]] = []

    private var isStopWord: [Bool] = []
    // The interning table: word bytes end to end in `arena`, word `id` spanning
    // `starts[id]..<starts[id + 1]`; `slots` holds ids (or -1) at hash-chosen places.
    private var arena: [UInt8] = []
    private var starts: [Int32] = [0]
    private var hashes: [UInt64] = []
    private var slots = [Int32](repeating: -1, count: 1 << 12)
    // The structure being read: the best field of each word seen in it so far.
    private var fieldOfWord: [UInt8] = []
    private var touched: [Int32] = []
    private var folded: [UInt8] = []

    /// Adds the words of `text`, found in `field`, to the current structure.
    mutating func add(_ text: String?, _ field: DirectoryIndex.Field) {
        guard let text else { return }
        SearchText.fold(text, into: &folded)
        let buffer = folded
        buffer.withUnsafeBufferPointer { bytes in
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x20 {
                if index > start { see(intern(UnsafeBufferPointer(rebasing: bytes[start..<index])), field) }
                start = index + 1
            }
        }
    }

    /// The ids of the indexed words of `text`, for texts that come back structure after
    /// structure (sector names, labels) and are worth folding once.
    mutating func ids(of text: String) -> [Int32] {
        SearchText.fold(text, into: &folded)
        let buffer = folded
        var ids: [Int32] = []
        buffer.withUnsafeBufferPointer { bytes in
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x20 {
                if index > start {
                    let id = intern(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    if !isStopWord[Int(id)] { ids.append(id) }
                }
                start = index + 1
            }
        }
        return ids
    }

    /// Adds words already interned by `ids(of:)`.
    mutating func add(ids: [Int32], _ field: DirectoryIndex.Field) {
        for id in ids { see(id, field) }
    }

    /// Closes the current structure: each of its words gets one posting, with its best field.
    mutating func endStructure(at position: Int) {
        for id in touched {
            let index = Int(id)
            postings[index].append(DirectoryIndex.Posting(position: Int32(position), field: DirectoryIndex.Field(rawValue: fieldOfWord[index])!))
            fieldOfWord[index] = 0
        }
        touched.removeAll(keepingCapacity: true)
    }

    private mutating func see(_ id: Int32, _ field: DirectoryIndex.Field) {
        let index = Int(id)
        guard !isStopWord[index] else { return }
        let current = fieldOfWord[index]
        if current == 0 { touched.append(id) }
        if field.rawValue > current { fieldOfWord[index] = field.rawValue }
    }

    private mutating func intern(_ word: UnsafeBufferPointer<UInt8>) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in word { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if hashes[Int(id)] == hash, equals(Int(id), word) { return id }
            slot = (slot + 1) & mask
        }
        let id = Int32(words.count)
        let text = String(decoding: word, as: UTF8.self)
        words.append(text)
        postings.append([])
        isStopWord.append(SearchText.isStopWord(text))
        fieldOfWord.append(0)
        hashes.append(hash)
        arena.append(contentsOf: word)
        starts.append(Int32(arena.count))
        slots[slot] = id
        if words.count * 2 > slots.count { grow() }
        return id
    }

    private func equals(_ id: Int, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[id]), end = Int(starts[id + 1])
        guard end - start == word.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            var index = 0
            while index < word.count {
                if stored[start + index] != word[index] { return false }
                index += 1
            }
            return true
        }
    }

    private mutating func grow() {
        var larger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = larger.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while larger[slot] >= 0 { slot = (slot + 1) & mask }
            larger[slot] = Int32(id)
        }
        slots = larger
    }
}
