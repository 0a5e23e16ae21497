import EDDCore

/// Iterates the token indices of an array's elements (over a document's tokens or a view's).
public struct JSONChildren<Tokens: RandomAccessCollection>: Sequence, IteratorProtocol
where Tokens.Element == JSONToken, Tokens.Index == Int {
    let tokens: Tokens
    var position: Int
    var remaining: Int

    public mutating func next() -> Int? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        let current = position
        position = Int(tokens[current].next)
        return current
    }
}

/// Iterates the (key, value) token indices of an object's members (over a document's tokens or a view's).
public struct JSONMembers<Tokens: RandomAccessCollection>: Sequence, IteratorProtocol
where Tokens.Element == JSONToken, Tokens.Index == Int {
    let tokens: Tokens
    var position: Int
    var remaining: Int

    public mutating func next() -> (key: Int, value: Int)? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        let key = position
        position = Int(tokens[key + 1].next)
        return (key, key + 1)
    }
}
