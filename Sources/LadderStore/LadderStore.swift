// LadderStore: see Package.swift for this module's purpose.
