// Code written from the Volunteering Data Standard's taxonomies (taxonomy_cause.ttl,
// taxonomy_skill.ttl, taxonomy_accessibility.ttl at volunteeringdata/standard d31ca80); the
// labels are message keys volunteering.term.NAME in both catalogues.

package volunteering

// Causes are the standard's cause terms, in the taxonomy's order.
var Causes = []string{
	"AnimalWelfare", "AntiPoverty", "ArtsAndCulture", "Care", "CivilRights", "Community",
	"CrimeSafety", "CrimeExOffenders", "DevelopmentEmergencyRelief", "Disability",
	"EducationLanguages", "Environment", "EthnicMinorities", "Families", "GenderSexuality",
	"GeneralPublic", "Health", "Heritage", "Housing", "Illness", "InCare", "LearningDisabilities",
	"LGBT", "LiteracyNeeds", "LocalAuthority", "LocalCommunity", "LoneParents", "LowIncomeHouseholds",
	"MensGroups", "MentalHealth", "OffendersAndExOffenders", "OlderPeople",
	"OverseasAidDevelopingWorld", "Parents", "PhysicalDisability", "RefugeesAsylumSeekers",
	"ReligionFaith", "ResidentsDisadvantagedNeighbourhoods", "SensoryImpairment",
	"SportOutdoorActivities", "SubstanceAbuse", "Unemployment", "VictimsOfCrime", "WomensGroups",
	"YouthAndChildren",
}

// Skills are the standard's skill terms, in the taxonomy's order.
var Skills = []string{
	"Communication", "ClearSpokenCommunication", "ActiveListening", "RelayAccurateInformation",
	"PhoneOnlineSupport", "RadioUse", "PublicEngagement", "DigitalAndTechnology", "BasicITSkills",
	"SmartphoneUse", "RemoteCommunicationTools", "DataEntryAndReporting", "SocialMediaHandling",
	"PersonalAndInterpersonal", "EmpathyAndCompassion", "CalmnessUnderPressure",
	"PatienceAndUnderstanding", "ReliabilityAndTrustworthiness", "ProfessionalBoundaries",
	"CulturalSensitivity", "TraumaInformedAwareness", "ConflictDeescalation",
	"PracticalAndOperational", "Logistics", "ShelterSupport", "BasicRecordKeeping",
	"BasicEquipmentUse", "NavigationAndOrientation", "Driving", "CrowdQueueManagement",
	"PilotLicense", "HGVCategoryD", "SafetyAndEmergencyAwareness", "EmergencyBriefings",
	"BasicSafeguarding", "RiskAwareness", "SafeManualHandling", "IncidentReporting", "BasicFirstAid",
	"FireSafetyAwareness", "WaterSafetyAwareness", "TeamworkAndLeadership", "CooperativeWork",
	"IndependentWork", "LeadingSmallGroups", "ManagingTeamConflict", "MentoringVolunteers",
}

// AccessibilityTerms are the standard's accessibility terms, in the taxonomy's order.
var AccessibilityTerms = []string{
	"AgeRequirements", "DigitalAccessibility", "ExpensesPaid", "LanguageRequirements",
	"PhysicalAccessibility", "WifiUsage", "TechnologyRequirements", "TechnologyAvailability",
	"RemoteAccessibility", "BuildingAccessibilityFeatures", "PublicTransportAccess",
	"ParkingAvailability", "ServiceAnimals", "VisualImpairment", "CareProfessionals",
}

// SkillGroups are the skill taxonomy's top concepts: the form shows skills under them.
var SkillGroups = map[string]bool{"Communication": true, "DigitalAndTechnology": true, "PersonalAndInterpersonal": true,
	"PracticalAndOperational": true, "SafetyAndEmergencyAwareness": true, "TeamworkAndLeadership": true}
