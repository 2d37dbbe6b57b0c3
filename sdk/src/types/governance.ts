/**
 * Program IDL in camelCase format in order to be used in JS/TS.
 *
 * Note that this is only a type helper and is not the actual IDL. The original
 * IDL can be found at `target/idl/governance.json`.
 */
export type Governance = {
  "address": "E7Cd8kPzTvhzMWpWu9PFG3X9Nbn3SdpzSFaCeKr32yMx",
  "metadata": {
    "name": "governance",
    "version": "0.1.0",
    "spec": "0.1.0",
    "description": "Synq Network governance program"
  },
  "instructions": [
    {
      "name": "addAction",
      "discriminator": [
        96,
        90,
        68,
        182,
        95,
        52,
        192,
        101
      ],
      "accounts": [
        {
          "name": "proposer",
          "signer": true,
          "relations": [
            "proposal"
          ]
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "proposal"
          ]
        },
        {
          "name": "proposal",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  112,
                  111,
                  115,
                  97,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "config"
              },
              {
                "kind": "account",
                "path": "proposal.index",
                "account": "proposal"
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "action",
          "type": {
            "defined": {
              "name": "proposalAction"
            }
          }
        }
      ]
    },
    {
      "name": "cancel",
      "discriminator": [
        232,
        219,
        223,
        41,
        219,
        236,
        220,
        190
      ],
      "accounts": [
        {
          "name": "signer",
          "docs": [
            "The proposer (before any vote) or the guardian."
          ],
          "signer": true
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "proposal"
          ]
        },
        {
          "name": "proposal",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  112,
                  111,
                  115,
                  97,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "config"
              },
              {
                "kind": "account",
                "path": "proposal.index",
                "account": "proposal"
              }
            ]
          }
        }
      ],
      "args": []
    },
    {
      "name": "castVote",
      "discriminator": [
        20,
        212,
        15,
        189,
        69,
        180,
        69,
        151
      ],
      "accounts": [
        {
          "name": "voter",
          "docs": [
            "The position's owner; pays the vote record's rent (back on relinquish)."
          ],
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "proposal"
          ]
        },
        {
          "name": "proposal",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  112,
                  111,
                  115,
                  97,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "config"
              },
              {
                "kind": "account",
                "path": "proposal.index",
                "account": "proposal"
              }
            ]
          }
        },
        {
          "name": "pool",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  111,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "pool.operator",
                "account": "stakePool"
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                156,
                218,
                44,
                140,
                140,
                179,
                35,
                162,
                47,
                227,
                69,
                150,
                160,
                72,
                89,
                34,
                177,
                255,
                155,
                55,
                241,
                44,
                16,
                183,
                145,
                24,
                153,
                204,
                222,
                229,
                206,
                239
              ]
            }
          },
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "docs": [
            "Written by staking's `lock_vote` (this program never serialises staking accounts)."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "pool"
              },
              {
                "kind": "account",
                "path": "position.owner",
                "account": "stakePosition"
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                156,
                218,
                44,
                140,
                140,
                179,
                35,
                162,
                47,
                227,
                69,
                150,
                160,
                72,
                89,
                34,
                177,
                255,
                155,
                55,
                241,
                44,
                16,
                183,
                145,
                24,
                153,
                204,
                222,
                229,
                206,
                239
              ]
            }
          }
        },
        {
          "name": "voteRecord",
          "docs": [
            "`init`: a second vote with the same position fails here."
          ],
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  118,
                  111,
                  116,
                  101,
                  95,
                  114,
                  101,
                  99,
                  111,
                  114,
                  100
                ]
              },
              {
                "kind": "account",
                "path": "proposal"
              },
              {
                "kind": "account",
                "path": "position"
              }
            ]
          }
        },
        {
          "name": "governanceAuthority",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  97,
                  117,
                  116,
                  104,
                  111,
                  114,
                  105,
                  116,
                  121
                ]
              }
            ]
          }
        },
        {
          "name": "stakingConfig",
          "docs": [
            "Staking checks it is its config and that `governance` is our authority PDA."
          ]
        },
        {
          "name": "stakingProgram",
          "address": "BZHZCDozrDR5DDd8xvGSnD62Tpsd87yDZZ8qfkS7CRYJ"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "choice",
          "type": {
            "defined": {
              "name": "voteChoice"
            }
          }
        }
      ]
    },
    {
      "name": "createProposal",
      "discriminator": [
        132,
        116,
        68,
        174,
        216,
        160,
        198,
        22
      ],
      "accounts": [
        {
          "name": "proposer",
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "proposal",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  112,
                  111,
                  115,
                  97,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "config"
              },
              {
                "kind": "account",
                "path": "config.proposal_count",
                "account": "governanceConfig"
              }
            ]
          }
        },
        {
          "name": "pool",
          "docs": [
            "The pool of the proposer's position (staking's PDA, owner checked by `Account`)."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  111,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "pool.operator",
                "account": "stakePool"
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                156,
                218,
                44,
                140,
                140,
                179,
                35,
                162,
                47,
                227,
                69,
                150,
                160,
                72,
                89,
                34,
                177,
                255,
                155,
                55,
                241,
                44,
                16,
                183,
                145,
                24,
                153,
                204,
                222,
                229,
                206,
                239
              ]
            }
          },
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "docs": [
            "The proposer's stake position in `pool`: its active stake must reach the threshold."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "pool"
              },
              {
                "kind": "account",
                "path": "position.owner",
                "account": "stakePosition"
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                156,
                218,
                44,
                140,
                140,
                179,
                35,
                162,
                47,
                227,
                69,
                150,
                160,
                72,
                89,
                34,
                177,
                255,
                155,
                55,
                241,
                44,
                16,
                183,
                145,
                24,
                153,
                204,
                222,
                229,
                206,
                239
              ]
            }
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "createProposalArgs"
            }
          }
        }
      ]
    },
    {
      "name": "execute",
      "discriminator": [
        130,
        221,
        242,
        154,
        13,
        193,
        189,
        29
      ],
      "accounts": [
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "proposal"
          ]
        },
        {
          "name": "proposal",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  112,
                  111,
                  115,
                  97,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "config"
              },
              {
                "kind": "account",
                "path": "proposal.index",
                "account": "proposal"
              }
            ]
          }
        },
        {
          "name": "governanceAuthority",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  97,
                  117,
                  116,
                  104,
                  111,
                  114,
                  105,
                  116,
                  121
                ]
              }
            ]
          }
        }
      ],
      "args": []
    },
    {
      "name": "finalize",
      "discriminator": [
        171,
        61,
        218,
        56,
        127,
        115,
        12,
        217
      ],
      "accounts": [
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "proposal"
          ]
        },
        {
          "name": "proposal",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  112,
                  111,
                  115,
                  97,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "config"
              },
              {
                "kind": "account",
                "path": "proposal.index",
                "account": "proposal"
              }
            ]
          }
        }
      ],
      "args": []
    },
    {
      "name": "initialize",
      "discriminator": [
        175,
        175,
        109,
        31,
        13,
        152,
        155,
        237
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "authority",
          "docs": [
            "The deployer: must be the program's upgrade authority (the config itself names the",
            "governance PDA as its authority)."
          ],
          "signer": true
        },
        {
          "name": "programData",
          "docs": [
            "The program's ProgramData (BPF upgradeable loader), as `anchor deploy` leaves it: only its",
            "upgrade authority may initialise, so nobody can take the config before the deployer."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  194,
                  190,
                  142,
                  155,
                  74,
                  47,
                  26,
                  112,
                  70,
                  55,
                  36,
                  212,
                  179,
                  41,
                  88,
                  31,
                  34,
                  42,
                  170,
                  228,
                  144,
                  245,
                  58,
                  5,
                  245,
                  141,
                  169,
                  161,
                  61,
                  88,
                  198,
                  135
                ]
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                2,
                168,
                246,
                145,
                78,
                136,
                161,
                176,
                226,
                16,
                21,
                62,
                247,
                99,
                174,
                43,
                0,
                194,
                185,
                61,
                22,
                193,
                36,
                210,
                192,
                83,
                122,
                16,
                4,
                128,
                0,
                0
              ]
            }
          }
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "governanceAuthority",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  97,
                  117,
                  116,
                  104,
                  111,
                  114,
                  105,
                  116,
                  121
                ]
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "initializeArgs"
            }
          }
        }
      ]
    },
    {
      "name": "relinquishVote",
      "discriminator": [
        39,
        15,
        192,
        13,
        10,
        156,
        182,
        135
      ],
      "accounts": [
        {
          "name": "voter",
          "writable": true,
          "relations": [
            "voteRecord"
          ]
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "proposal"
          ]
        },
        {
          "name": "proposal",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  112,
                  111,
                  115,
                  97,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "config"
              },
              {
                "kind": "account",
                "path": "proposal.index",
                "account": "proposal"
              }
            ]
          },
          "relations": [
            "voteRecord"
          ]
        },
        {
          "name": "voteRecord",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  118,
                  111,
                  116,
                  101,
                  95,
                  114,
                  101,
                  99,
                  111,
                  114,
                  100
                ]
              },
              {
                "kind": "account",
                "path": "proposal"
              },
              {
                "kind": "account",
                "path": "position"
              }
            ]
          }
        },
        {
          "name": "position",
          "docs": [
            "Written by staking's `unlock_vote`."
          ],
          "writable": true,
          "relations": [
            "voteRecord"
          ]
        },
        {
          "name": "governanceAuthority",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  97,
                  117,
                  116,
                  104,
                  111,
                  114,
                  105,
                  116,
                  121
                ]
              }
            ]
          }
        },
        {
          "name": "stakingConfig"
        },
        {
          "name": "stakingProgram",
          "address": "BZHZCDozrDR5DDd8xvGSnD62Tpsd87yDZZ8qfkS7CRYJ"
        }
      ],
      "args": []
    },
    {
      "name": "setParams",
      "docs": [
        "Governance's own parameters: signed only by the authority PDA (an executed proposal)."
      ],
      "discriminator": [
        27,
        234,
        178,
        52,
        147,
        2,
        187,
        141
      ],
      "accounts": [
        {
          "name": "authority",
          "signer": true,
          "relations": [
            "config"
          ]
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "setGovernanceParamsArgs"
            }
          }
        }
      ]
    },
    {
      "name": "startVoting",
      "discriminator": [
        68,
        29,
        234,
        70,
        139,
        251,
        237,
        179
      ],
      "accounts": [
        {
          "name": "proposer",
          "signer": true,
          "relations": [
            "proposal"
          ]
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  103,
                  111,
                  118,
                  101,
                  114,
                  110,
                  97,
                  110,
                  99,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "proposal"
          ]
        },
        {
          "name": "proposal",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  114,
                  111,
                  112,
                  111,
                  115,
                  97,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "config"
              },
              {
                "kind": "account",
                "path": "proposal.index",
                "account": "proposal"
              }
            ]
          }
        },
        {
          "name": "stakingConfig",
          "docs": [
            "Staking's config: its `total_staked` is the quorum base, snapshotted now."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                156,
                218,
                44,
                140,
                140,
                179,
                35,
                162,
                47,
                227,
                69,
                150,
                160,
                72,
                89,
                34,
                177,
                255,
                155,
                55,
                241,
                44,
                16,
                183,
                145,
                24,
                153,
                204,
                222,
                229,
                206,
                239
              ]
            }
          }
        }
      ],
      "args": []
    }
  ],
  "accounts": [
    {
      "name": "governanceConfig",
      "discriminator": [
        81,
        63,
        124,
        107,
        210,
        100,
        145,
        70
      ]
    },
    {
      "name": "proposal",
      "discriminator": [
        26,
        94,
        189,
        187,
        116,
        136,
        53,
        33
      ]
    },
    {
      "name": "stakeConfig",
      "discriminator": [
        238,
        151,
        43,
        3,
        11,
        151,
        63,
        176
      ]
    },
    {
      "name": "stakePool",
      "discriminator": [
        121,
        34,
        206,
        21,
        79,
        127,
        255,
        28
      ]
    },
    {
      "name": "stakePosition",
      "discriminator": [
        78,
        165,
        30,
        111,
        171,
        125,
        11,
        220
      ]
    },
    {
      "name": "voteRecord",
      "discriminator": [
        112,
        9,
        123,
        165,
        234,
        9,
        157,
        167
      ]
    }
  ],
  "events": [
    {
      "name": "actionAdded",
      "discriminator": [
        255,
        243,
        109,
        71,
        93,
        81,
        124,
        143
      ]
    },
    {
      "name": "governanceInitialized",
      "discriminator": [
        41,
        187,
        103,
        26,
        42,
        44,
        30,
        15
      ]
    },
    {
      "name": "governanceParamsUpdated",
      "discriminator": [
        186,
        34,
        136,
        40,
        51,
        220,
        42,
        148
      ]
    },
    {
      "name": "proposalCancelled",
      "discriminator": [
        253,
        59,
        104,
        46,
        129,
        78,
        9,
        14
      ]
    },
    {
      "name": "proposalCreated",
      "discriminator": [
        186,
        8,
        160,
        108,
        81,
        13,
        51,
        206
      ]
    },
    {
      "name": "proposalExecuted",
      "discriminator": [
        92,
        213,
        189,
        201,
        101,
        83,
        111,
        83
      ]
    },
    {
      "name": "proposalFinalized",
      "discriminator": [
        159,
        104,
        210,
        220,
        86,
        209,
        61,
        51
      ]
    },
    {
      "name": "voteCast",
      "discriminator": [
        39,
        53,
        195,
        104,
        188,
        17,
        225,
        213
      ]
    },
    {
      "name": "voteRelinquished",
      "discriminator": [
        150,
        128,
        145,
        11,
        50,
        124,
        148,
        130
      ]
    },
    {
      "name": "votingStarted",
      "discriminator": [
        103,
        82,
        32,
        202,
        136,
        204,
        37,
        112
      ]
    }
  ],
  "errors": [
    {
      "code": 6000,
      "name": "invalidBps",
      "msg": "Quorum and approval threshold must be between 1 and 10000 basis points"
    },
    {
      "code": 6001,
      "name": "invalidVotingPeriod",
      "msg": "The voting period must be between 1 second and one year"
    },
    {
      "code": 6002,
      "name": "invalidTimelock",
      "msg": "The timelock must be at most one year"
    },
    {
      "code": 6003,
      "name": "notGovernanceAuthority",
      "msg": "Only the governance authority PDA (an executed proposal) may do this"
    },
    {
      "code": 6004,
      "name": "textTooLong",
      "msg": "The title or description URI is too long"
    },
    {
      "code": 6005,
      "name": "belowProposalThreshold",
      "msg": "The proposer's stake is below the proposal threshold"
    },
    {
      "code": 6006,
      "name": "notPositionOwner",
      "msg": "The stake position does not belong to the signer"
    },
    {
      "code": 6007,
      "name": "notProposer",
      "msg": "Only the proposer may do this"
    },
    {
      "code": 6008,
      "name": "invalidProposalState",
      "msg": "The proposal is not in the state this instruction needs"
    },
    {
      "code": 6009,
      "name": "tooManyActions",
      "msg": "The proposal already holds the maximum number of actions"
    },
    {
      "code": 6010,
      "name": "actionTooLarge",
      "msg": "The action has too many accounts or too much data"
    },
    {
      "code": 6011,
      "name": "invalidActionSigner",
      "msg": "Only the governance authority may sign a stored instruction, and it may not be writable"
    },
    {
      "code": 6012,
      "name": "forbiddenSelfCall",
      "msg": "A stored instruction may call the governance program only for set_params"
    },
    {
      "code": 6013,
      "name": "votingEnded",
      "msg": "The voting period has ended"
    },
    {
      "code": 6014,
      "name": "votingNotEnded",
      "msg": "The voting period has not ended"
    },
    {
      "code": 6015,
      "name": "noVotingPower",
      "msg": "The position has no active stake to vote with"
    },
    {
      "code": 6016,
      "name": "voteStillOpen",
      "msg": "The vote is still open: relinquish after the voting period or a cancellation"
    },
    {
      "code": 6017,
      "name": "timelockNotElapsed",
      "msg": "The timelock has not elapsed"
    },
    {
      "code": 6018,
      "name": "proposalExpired",
      "msg": "The execution window has passed"
    },
    {
      "code": 6019,
      "name": "missingActionAccount",
      "msg": "An account of a stored instruction was not passed"
    },
    {
      "code": 6020,
      "name": "cannotCancel",
      "msg": "Only the proposer (before any vote) or the guardian may cancel"
    },
    {
      "code": 6021,
      "name": "overflow",
      "msg": "Arithmetic overflow"
    },
    {
      "code": 6022,
      "name": "notUpgradeAuthority",
      "msg": "Only the program's upgrade authority (its ProgramData account) may initialise"
    }
  ],
  "types": [
    {
      "name": "actionAccount",
      "docs": [
        "One account meta of a stored instruction."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "pubkey",
            "type": "pubkey"
          },
          {
            "name": "isSigner",
            "type": "bool"
          },
          {
            "name": "isWritable",
            "type": "bool"
          }
        ]
      }
    },
    {
      "name": "actionAdded",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "proposal",
            "type": "pubkey"
          },
          {
            "name": "index",
            "type": "u8"
          },
          {
            "name": "programId",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "createProposalArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "title",
            "type": "string"
          },
          {
            "name": "descriptionUri",
            "type": "string"
          },
          {
            "name": "descriptionHash",
            "docs": [
              "sha256 of the document at `description_uri`."
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          }
        ]
      }
    },
    {
      "name": "governanceConfig",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "authority",
            "docs": [
              "The governance authority PDA (`AUTHORITY_SEED`): changes to this config go through",
              "proposals like every other parameter."
            ],
            "type": "pubkey"
          },
          {
            "name": "guardian",
            "docs": [
              "May pause the protocol and cancel proposals, never move funds."
            ],
            "type": "pubkey"
          },
          {
            "name": "quorumBps",
            "type": "u16"
          },
          {
            "name": "approvalThresholdBps",
            "type": "u16"
          },
          {
            "name": "votingPeriodSeconds",
            "type": "u64"
          },
          {
            "name": "timelockSeconds",
            "type": "u64"
          },
          {
            "name": "proposalThreshold",
            "docs": [
              "Stake (base units) a proposer must hold."
            ],
            "type": "u64"
          },
          {
            "name": "proposalCount",
            "type": "u64"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "authorityBump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "governanceInitialized",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "guardian",
            "type": "pubkey"
          },
          {
            "name": "quorumBps",
            "type": "u16"
          },
          {
            "name": "approvalThresholdBps",
            "type": "u16"
          },
          {
            "name": "votingPeriodSeconds",
            "type": "u64"
          },
          {
            "name": "timelockSeconds",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "governanceParamsUpdated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "guardian",
            "type": "pubkey"
          },
          {
            "name": "quorumBps",
            "type": "u16"
          },
          {
            "name": "approvalThresholdBps",
            "type": "u16"
          },
          {
            "name": "votingPeriodSeconds",
            "type": "u64"
          },
          {
            "name": "timelockSeconds",
            "type": "u64"
          },
          {
            "name": "proposalThreshold",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "initializeArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "guardian",
            "type": "pubkey"
          },
          {
            "name": "quorumBps",
            "type": "u16"
          },
          {
            "name": "approvalThresholdBps",
            "type": "u16"
          },
          {
            "name": "votingPeriodSeconds",
            "type": "u64"
          },
          {
            "name": "timelockSeconds",
            "type": "u64"
          },
          {
            "name": "proposalThreshold",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "proposal",
      "docs": [
        "Actions are stored inline (at most `MAX_ACTIONS`, each bounded), which keeps the account",
        "under 4 KiB and lets `execute` run them all in one transaction."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "index",
            "type": "u64"
          },
          {
            "name": "proposer",
            "type": "pubkey"
          },
          {
            "name": "title",
            "type": "string"
          },
          {
            "name": "descriptionUri",
            "type": "string"
          },
          {
            "name": "descriptionHash",
            "docs": [
              "sha256 of the document at `description_uri`."
            ],
            "type": {
              "array": [
                "u8",
                32
              ]
            }
          },
          {
            "name": "actions",
            "type": {
              "vec": {
                "defined": {
                  "name": "proposalAction"
                }
              }
            }
          },
          {
            "name": "state",
            "type": {
              "defined": {
                "name": "proposalState"
              }
            }
          },
          {
            "name": "yesWeight",
            "type": "u64"
          },
          {
            "name": "noWeight",
            "type": "u64"
          },
          {
            "name": "abstainWeight",
            "type": "u64"
          },
          {
            "name": "voteCount",
            "type": "u32"
          },
          {
            "name": "totalStakeSnapshot",
            "docs": [
              "`StakeConfig::total_staked` when voting started: the quorum base."
            ],
            "type": "u64"
          },
          {
            "name": "quorumBps",
            "docs": [
              "Config values frozen when voting starts, so a parameter change cannot move the goal",
              "posts of a running vote."
            ],
            "type": "u16"
          },
          {
            "name": "approvalThresholdBps",
            "type": "u16"
          },
          {
            "name": "timelockSeconds",
            "type": "u64"
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "votingStartsAt",
            "type": "i64"
          },
          {
            "name": "votingEndsAt",
            "type": "i64"
          },
          {
            "name": "eta",
            "docs": [
              "Earliest execution time (set when queued)."
            ],
            "type": "i64"
          },
          {
            "name": "executedAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "proposalAction",
      "docs": [
        "A stored instruction, executed by CPI signed by the governance authority PDA."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "programId",
            "type": "pubkey"
          },
          {
            "name": "accounts",
            "type": {
              "vec": {
                "defined": {
                  "name": "actionAccount"
                }
              }
            }
          },
          {
            "name": "data",
            "type": "bytes"
          }
        ]
      }
    },
    {
      "name": "proposalCancelled",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "proposal",
            "type": "pubkey"
          },
          {
            "name": "by",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "proposalCreated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "proposal",
            "type": "pubkey"
          },
          {
            "name": "index",
            "type": "u64"
          },
          {
            "name": "proposer",
            "type": "pubkey"
          },
          {
            "name": "title",
            "type": "string"
          }
        ]
      }
    },
    {
      "name": "proposalExecuted",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "proposal",
            "type": "pubkey"
          },
          {
            "name": "actions",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "proposalFinalized",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "proposal",
            "type": "pubkey"
          },
          {
            "name": "state",
            "type": {
              "defined": {
                "name": "proposalState"
              }
            }
          },
          {
            "name": "quorumReached",
            "type": "bool"
          },
          {
            "name": "approved",
            "type": "bool"
          },
          {
            "name": "eta",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "proposalState",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "draft"
          },
          {
            "name": "voting"
          },
          {
            "name": "succeeded"
          },
          {
            "name": "defeated"
          },
          {
            "name": "queued"
          },
          {
            "name": "executed"
          },
          {
            "name": "cancelled"
          },
          {
            "name": "expired"
          }
        ]
      }
    },
    {
      "name": "setGovernanceParamsArgs",
      "docs": [
        "Every field is optional: `None` keeps the current value. The authority itself is fixed",
        "(the PDA), so governance cannot hand itself away."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "guardian",
            "type": {
              "option": "pubkey"
            }
          },
          {
            "name": "quorumBps",
            "type": {
              "option": "u16"
            }
          },
          {
            "name": "approvalThresholdBps",
            "type": {
              "option": "u16"
            }
          },
          {
            "name": "votingPeriodSeconds",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "timelockSeconds",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "proposalThreshold",
            "type": {
              "option": "u64"
            }
          }
        ]
      }
    },
    {
      "name": "stakeConfig",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "mint",
            "docs": [
              "The $SYNQ mint every pool stakes."
            ],
            "type": "pubkey"
          },
          {
            "name": "slasher",
            "docs": [
              "The only key besides `authority` allowed to slash: the registry's slasher PDA."
            ],
            "type": "pubkey"
          },
          {
            "name": "governance",
            "docs": [
              "Locks/unlocks positions for open votes (the governance program's authority PDA);",
              "the default key until governance is bootstrapped, so nobody can lock."
            ],
            "type": "pubkey"
          },
          {
            "name": "cooldownSeconds",
            "type": "u64"
          },
          {
            "name": "warmupSeconds",
            "docs": [
              "How long new stake waits before it joins the pool's active class (see `Warming`)."
            ],
            "type": "u64"
          },
          {
            "name": "poolCount",
            "type": "u64"
          },
          {
            "name": "totalStaked",
            "docs": [
              "Active stake of all pools as last synced (`StakePool::counted_tokens`): the quorum base",
              "of governance. `stake` and `request_unstake` keep it exact; rewards and slashes reach it",
              "when the pool is next touched or `sync_stake` runs (permissionless)."
            ],
            "type": "u64"
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "stakePool",
      "docs": [
        "One node operator's stake pool. Two share classes live in it: active stake (earns rewards,",
        "counts for the registry's minimum stake) and unbonding stake (waits out the cooldown).",
        "Both are slashable; slashing lowers the value of a share, never a position's share count."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "operator",
            "type": "pubkey"
          },
          {
            "name": "vault",
            "docs": [
              "Token account (PDA `[VAULT_SEED, pool]`) owned by this pool PDA."
            ],
            "type": "pubkey"
          },
          {
            "name": "totalTokens",
            "docs": [
              "Active tokens backing `total_shares`."
            ],
            "type": "u64"
          },
          {
            "name": "totalShares",
            "type": "u128"
          },
          {
            "name": "unbondingTokens",
            "docs": [
              "Tokens backing `unbonding_shares` (requested, not yet withdrawn)."
            ],
            "type": "u64"
          },
          {
            "name": "unbondingShares",
            "type": "u128"
          },
          {
            "name": "warmingTokens",
            "docs": [
              "Tokens of positions still warming up (`StakePosition::warming`): in the vault, in no class."
            ],
            "type": "u64"
          },
          {
            "name": "commissionBps",
            "type": "u16"
          },
          {
            "name": "generation",
            "docs": [
              "Bumped when a slash empties the pool completely: positions from an older generation",
              "hold nothing (their shares are zeroed when next touched), so share counts restart."
            ],
            "type": "u32"
          },
          {
            "name": "totalSlashed",
            "type": "u64"
          },
          {
            "name": "totalRewards",
            "type": "u64"
          },
          {
            "name": "countedTokens",
            "docs": [
              "This pool's `total_tokens` as last added into `StakeConfig::total_staked`."
            ],
            "type": "u64"
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "vaultBump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "stakePosition",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "pool",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "shares",
            "docs": [
              "Shares of the pool's active class."
            ],
            "type": "u128"
          },
          {
            "name": "unbonding",
            "type": {
              "defined": {
                "name": "unbonding"
              }
            }
          },
          {
            "name": "warming",
            "type": {
              "defined": {
                "name": "warming"
              }
            }
          },
          {
            "name": "activeVotes",
            "docs": [
              "Open governance votes; unstaking is refused while this is non-zero."
            ],
            "type": "u32"
          },
          {
            "name": "generation",
            "docs": [
              "The pool generation these shares belong to (see `StakePool::generation`)."
            ],
            "type": "u32"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "unbonding",
      "docs": [
        "Tokens on their way out: a claim on the pool's unbonding class, withdrawable at `available_at`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "shares",
            "docs": [
              "Shares of the pool's unbonding class (slashable until withdrawn)."
            ],
            "type": "u128"
          },
          {
            "name": "availableAt",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "voteCast",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "proposal",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "voter",
            "type": "pubkey"
          },
          {
            "name": "choice",
            "type": {
              "defined": {
                "name": "voteChoice"
              }
            }
          },
          {
            "name": "weight",
            "type": "u64"
          },
          {
            "name": "yesWeight",
            "type": "u64"
          },
          {
            "name": "noWeight",
            "type": "u64"
          },
          {
            "name": "abstainWeight",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "voteChoice",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "yes"
          },
          {
            "name": "no"
          },
          {
            "name": "abstain"
          }
        ]
      }
    },
    {
      "name": "voteRecord",
      "docs": [
        "One position's vote on one proposal; its existence is the double-vote guard."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "proposal",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "voter",
            "docs": [
              "The position owner who voted; gets the rent back on relinquish."
            ],
            "type": "pubkey"
          },
          {
            "name": "choice",
            "type": {
              "defined": {
                "name": "voteChoice"
              }
            }
          },
          {
            "name": "weight",
            "docs": [
              "Active stake of the position at the vote, frozen."
            ],
            "type": "u64"
          },
          {
            "name": "votedAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "voteRelinquished",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "proposal",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "votingStarted",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "proposal",
            "type": "pubkey"
          },
          {
            "name": "votingStartsAt",
            "type": "i64"
          },
          {
            "name": "votingEndsAt",
            "type": "i64"
          },
          {
            "name": "totalStakeSnapshot",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "warming",
      "docs": [
        "New stake on its way in: held in the pool's vault, outside every share class (it earns no",
        "rewards, counts for no minimum stake or vote, and no slash reaches it) until `active_at`,",
        "when it buys active shares at that moment's price. Staking again restarts the wait."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "activeAt",
            "type": "i64"
          }
        ]
      }
    }
  ],
  "constants": [
    {
      "name": "authoritySeed",
      "docs": [
        "The PDA that signs executed proposals; every program's config authority after bootstrap."
      ],
      "type": "bytes",
      "value": "[103, 111, 118, 101, 114, 110, 97, 110, 99, 101, 95, 97, 117, 116, 104, 111, 114, 105, 116, 121]"
    },
    {
      "name": "bpsDenominator",
      "type": "u16",
      "value": "10000"
    },
    {
      "name": "configSeed",
      "type": "bytes",
      "value": "[103, 111, 118, 101, 114, 110, 97, 110, 99, 101, 95, 99, 111, 110, 102, 105, 103]"
    },
    {
      "name": "executionGraceSeconds",
      "docs": [
        "A queued proposal may be executed from its `eta` until `eta + EXECUTION_GRACE_SECONDS`;",
        "after that it can only be marked `Expired`."
      ],
      "type": "u64",
      "value": "1209600"
    },
    {
      "name": "maxActions",
      "docs": [
        "Stored instructions per proposal (all executed in one `execute` transaction)."
      ],
      "type": "u8",
      "value": "4"
    },
    {
      "name": "maxActionAccounts",
      "docs": [
        "Account metas per stored instruction."
      ],
      "type": "u8",
      "value": "8"
    },
    {
      "name": "maxActionData",
      "docs": [
        "Instruction data bytes per stored instruction."
      ],
      "type": "u16",
      "value": "512"
    },
    {
      "name": "maxPeriodSeconds",
      "docs": [
        "Longest voting period and timelock governance may set: one year each."
      ],
      "type": "u64",
      "value": "31536000"
    },
    {
      "name": "maxTitleLen",
      "type": "u8",
      "value": "64"
    },
    {
      "name": "maxUriLen",
      "type": "u8",
      "value": "200"
    },
    {
      "name": "minTimelockSeconds",
      "docs": [
        "Shortest timelock: one day between a vote's end and its execution, for everyone to see",
        "what passed (and the guardian to pause payments) before it takes effect."
      ],
      "type": "u64",
      "value": "86400"
    },
    {
      "name": "minVotingPeriodSeconds",
      "docs": [
        "Shortest voting period: one day, so holders anywhere get to vote."
      ],
      "type": "u64",
      "value": "86400"
    },
    {
      "name": "proposalSeed",
      "docs": [
        "`[PROPOSAL_SEED, config, index u64 LE]`."
      ],
      "type": "bytes",
      "value": "[112, 114, 111, 112, 111, 115, 97, 108]"
    },
    {
      "name": "voteSeed",
      "docs": [
        "`[VOTE_SEED, proposal, stake position]`: one vote per position per proposal."
      ],
      "type": "bytes",
      "value": "[118, 111, 116, 101, 95, 114, 101, 99, 111, 114, 100]"
    }
  ]
};
