public enum EDDServerPlaceholder {}
